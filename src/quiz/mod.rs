//! Self-check quizzes: the model ([`Quiz`], [`Question`], [`Answer`]), read
//! from the YAML of a ```` ```quiz ```` block and checked ([`parse`]), and
//! the HTML each product shows of it ([`html`]: the page's form, the
//! printed sheet and its answer key, one slide per question).
//!
//! A quiz block is a YAML list of questions:
//!
//! ```yaml
//! - kind: single            # single, multiple, true-false or short
//!   question: "Ứng dụng VNeID là của cơ quan nào?"
//!   choices: ["Bộ Công an", "Một ngân hàng"]
//!   answer: "Bộ Công an"    # multiple: a list; true-false: true or false;
//!                           # short: one accepted answer or a list of them
//!   explain: "Shown after answering."
//! ```
//!
//! Every mistake is an error at the line of the key at fault (the block's
//! own lines counted into the file's): bad YAML, an unknown key or kind,
//! an empty prompt, no correct answer, an answer that is not among the
//! choices, the same choice twice. Texts are plain (no Markdown) and are
//! escaped wherever they are written. Short answers are compared as
//! [`fold_answer`] makes them: the words search would find, folded as
//! search folds them (tones, case and punctuation left out), in Rust and in
//! `quiz.js`.

pub mod html;
mod lines;

use crate::diagnostics::Diagnostic;
use crate::yaml;
use lines::ItemLines;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;
use std::path::Path;

/// The info string of a fenced block that holds a quiz.
pub const FENCE: &str = "quiz";

/// The kinds of question, as authors write them.
pub const KINDS: [&str; 4] = ["single", "multiple", "true-false", "short"];

/// The keys a question may have.
const KEYS: [&str; 5] = ["kind", "question", "choices", "answer", "explain"];

/// One quiz block, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    /// Its questions, in order (at least one).
    pub questions: Vec<Question>,
    /// The number of its first question on the page (questions are
    /// numbered across the quizzes of a page, from 1).
    pub first: usize,
    /// 1-based line of the file where the block's fence is.
    pub line: usize,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The prompt (never empty).
    pub prompt: String,
    /// The choices of a single or multiple choice question (none for the
    /// other kinds).
    pub choices: Vec<String>,
    /// The correct answer; it says the kind.
    pub answer: Answer,
    /// Shown after answering, when given.
    pub explain: Option<String>,
    /// 1-based line of the file where the question starts.
    pub line: usize,
}

/// The correct answer of a question, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Single choice: the index of the one correct choice.
    Single(usize),
    /// Multiple choice: the indexes of every correct choice, in order.
    Multiple(Vec<usize>),
    /// True or false.
    TrueFalse(bool),
    /// Short answer: the accepted answers (as written; compared folded).
    Short(Vec<String>),
}

impl Answer {
    /// The kind's name, as authors write it.
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::Single(_) => KINDS[0],
            Answer::Multiple(_) => KINDS[1],
            Answer::TrueFalse(_) => KINDS[2],
            Answer::Short(_) => KINDS[3],
        }
    }

    /// True when choice `i` is a correct one.
    pub fn is_correct(&self, i: usize) -> bool {
        match self {
            Answer::Single(c) => *c == i,
            Answer::Multiple(cs) => cs.contains(&i),
            _ => false,
        }
    }
}

/// A short answer as search sees it, the form two answers are compared in:
/// its words as search splits and folds them
/// ([`tokens`](crate::products::search::tokens): every character folded by
/// [`text::fold_char`](crate::text::fold_char), so tones, the marks of ă â
/// ê ô ơ ư and đ are left out, composed and decomposed text alike, then
/// lowercased; a word is a run of letters and digits), joined by one space.
/// "Đăng-ký.", "  dang   KY " and "đăng ký" are all `dang ky`; "6 chữ số"
/// is not "6". A word longer than search keeps
/// ([`MAX_WORD_CHARS`](crate::products::search::tokens::MAX_WORD_CHARS)
/// letters) is compared by the letters search keeps. `quiz.js` compares
/// what a student types with search.js's own `tokens`, the same steps
/// (a test runs it on random Vietnamese against this function).
pub fn fold_answer(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    crate::products::search::tokens::tokenize(text, |word| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word.folded);
    });
    key
}

/// A scalar YAML value read as text (choices may be numbers: `- 6`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawAnswer {
    One(Scalar),
    Many(Vec<Scalar>),
}

#[derive(Deserialize)]
struct RawQuestion {
    kind: Option<String>,
    question: Option<Scalar>,
    choices: Option<Vec<Scalar>>,
    answer: Option<RawAnswer>,
    explain: Option<Scalar>,
    #[serde(flatten)]
    other: BTreeMap<String, IgnoredAny>,
}

/// Where a quiz block is: its file, and the file line of the block's first
/// YAML line (the fence's line + 1).
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The Markdown file.
    pub file: &'a Path,
    /// 1-based line of the file of the block's first line of YAML.
    pub first_line: usize,
    /// Columns the block's lines are indented by in the file (a block in a list item).
    pub indent: usize,
}

impl Place<'_> {
    fn error(&self, yaml_line: usize, col: usize, message: String, hint: String) -> Diagnostic {
        Diagnostic::error(message)
            .with_code("quiz")
            .in_file(self.file)
            .at(self.first_line + yaml_line.max(1) - 1, col + self.indent)
            .with_hint(hint)
    }
}

/// Reads and checks the YAML of one quiz block. `first` is the number the
/// page gives its first question. Errors name the file line of the key at
/// fault; a quiz with any error is not returned.
pub fn parse(text: &str, place: Place<'_>, first: usize) -> Result<Quiz, Vec<Diagnostic>> {
    let raw: Vec<RawQuestion> = match yaml::from_str::<Option<Vec<RawQuestion>>>(text) {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => {
            let (line, col, hint) = e.explain(text);
            let hint = match e.kind {
                yaml::YamlErrorKind::WrongType if !text.trim_start().starts_with('-') => {
                    "a quiz block is a list of questions: start each one with `- kind: ...` at the beginning of a line".to_string()
                }
                yaml::YamlErrorKind::WrongType => format!(
                    "{hint} (`question:`, `explain:` and each choice are texts; `choices:` is a list; `answer:` is a text, a list, or true/false)"
                ),
                _ => hint,
            };
            return Err(vec![place.error(
                line,
                col,
                format!("invalid quiz: {}", e.message),
                hint,
            )]);
        }
    };
    if raw.is_empty() {
        return Err(vec![place.error(
            1,
            1,
            "this quiz block has no questions".into(),
            "write each question as `- kind: single` followed by `question:`, `choices:` and `answer:` (see the README's Quizzes section)".into(),
        )]);
    }
    let items = ItemLines::of(text, raw.len());
    let mut errors = Vec::new();
    let mut questions = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let number = first + i;
        let at = Check {
            place,
            lines: items.item(i),
            number,
            errors: &mut errors,
        };
        if let Some(q) = question(r, at) {
            questions.push(q);
        }
    }
    match errors.is_empty() {
        true => Ok(Quiz {
            questions,
            first,
            line: place.first_line.saturating_sub(1),
        }),
        false => Err(errors),
    }
}

/// What checking one question needs: where its keys are, its number, and
/// where errors go.
struct Check<'a, 'e> {
    place: Place<'a>,
    lines: lines::Item<'a>,
    number: usize,
    errors: &'e mut Vec<Diagnostic>,
}

impl Check<'_, '_> {
    /// An error at the line of `key` (the question's first line when it is missing).
    fn at_key(&mut self, key: &str, message: String, hint: impl Into<String>) {
        let (line, col) = self.lines.key(key);
        let d = self.place.error(line, col, message, hint.into());
        self.errors.push(d);
    }

    fn at(&mut self, (line, col): (usize, usize), message: String, hint: impl Into<String>) {
        let d = self.place.error(line, col, message, hint.into());
        self.errors.push(d);
    }
}

/// Checks one question; `None` when it has an error (already reported).
fn question(r: RawQuestion, mut at: Check<'_, '_>) -> Option<Question> {
    let n = at.number;
    let before = at.errors.len();
    for key in r.other.keys() {
        at.at(
            at.lines.key(key),
            format!("question {n} has an unknown key `{key}`"),
            format!(
                "{} (a question has: {})",
                crate::text::did_you_mean(key, &KEYS),
                KEYS.join(", ")
            ),
        );
    }
    let clean = |s: Scalar| {
        let t = s.text();
        crate::text::without_controls(&t).unwrap_or(t)
    };
    let prompt = r.question.map(clean).unwrap_or_default().trim().to_string();
    if prompt.is_empty() {
        at.at_key(
            "question",
            format!("question {n} has an empty prompt"),
            "write what is asked: `question: \"...\"`",
        );
    }
    let explain = r
        .explain
        .map(clean)
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    let choices: Option<Vec<String>> = r.choices.map(|cs| {
        cs.into_iter()
            .map(|c| clean(c).trim().to_string())
            .collect()
    });
    let kind = match r.kind.as_deref().map(str::trim) {
        Some(k) if KINDS.contains(&k) => k,
        Some(k) => {
            let suggestion = match crate::text::did_you_mean(k, &KINDS) {
                s if s.starts_with("did you mean") => format!("{s} "),
                _ => String::new(),
            };
            at.at_key(
                "kind",
                format!("question {n} has an unknown kind `{k}`"),
                format!("{suggestion}the kinds are: {}", KINDS.join(", ")),
            );
            return None;
        }
        None => {
            at.at_key(
                "kind",
                format!("question {n} has no `kind:`"),
                format!("add `kind:` with one of: {}", KINDS.join(", ")),
            );
            return None;
        }
    };
    let answer = match kind {
        "single" | "multiple" => choice_answer(kind, choices.as_deref(), r.answer, &mut at)?,
        _ => {
            if choices.is_some() {
                at.at_key(
                    "choices",
                    format!("question {n} is `{kind}` but has `choices:`"),
                    format!(
                        "remove `choices:`, or make the question `kind: single` or `kind: multiple`{}",
                        if kind == "true-false" {
                            " (a true-false question shows Đúng and Sai by itself)"
                        } else {
                            ""
                        }
                    ),
                );
            }
            match kind {
                "true-false" => true_false(r.answer, &mut at)?,
                _ => short(r.answer, &mut at)?,
            }
        }
    };
    (at.errors.len() == before).then(|| Question {
        prompt,
        choices: choices.unwrap_or_default(),
        answer,
        explain,
        line: at.place.first_line + at.lines.first_line() - 1,
    })
}

fn no_answer(at: &mut Check<'_, '_>, hint: &str) {
    let n = at.number;
    at.at_key(
        "answer",
        format!("question {n} has no correct answer"),
        hint.to_string(),
    );
}

fn answer_texts(answer: RawAnswer) -> Vec<String> {
    match answer {
        RawAnswer::One(s) => vec![s.text()],
        RawAnswer::Many(v) => v.iter().map(Scalar::text).collect(),
    }
}

fn choice_answer(
    kind: &str,
    choices: Option<&[String]>,
    answer: Option<RawAnswer>,
    at: &mut Check<'_, '_>,
) -> Option<Answer> {
    let n = at.number;
    let choices = choices.unwrap_or_default();
    if choices.len() < 2 {
        at.at_key(
            "choices",
            format!(
                "question {n} is `{kind}` but has {} choice{}",
                choices.len(),
                if choices.len() == 1 { "" } else { "s" }
            ),
            "list at least two choices under `choices:`, one per line starting with `- `",
        );
        return None;
    }
    let mut bad = false;
    for (i, c) in choices.iter().enumerate() {
        if c.is_empty() {
            at.at(
                at.lines.list_entry("choices", i),
                format!("choice {} of question {n} is empty", i + 1),
                "write the choice's text, or remove the line",
            );
            bad = true;
        } else if let Some(j) = choices[..i].iter().position(|d| d == c) {
            at.at(
                at.lines.list_entry("choices", i),
                format!(
                    "question {n} lists the choice `{c}` twice (choices {} and {})",
                    j + 1,
                    i + 1
                ),
                "remove one of them, or make the two choices different",
            );
            bad = true;
        }
    }
    let hint = match kind {
        "single" => "add `answer:` with the text of the correct choice, copied exactly",
        _ => {
            "add `answer:` with the list of the correct choices' texts: `answer: [\"...\", \"...\"]`"
        }
    };
    let Some(answer) = answer else {
        no_answer(at, hint);
        return None;
    };
    let texts: Vec<String> = answer_texts(answer)
        .into_iter()
        .map(|t| t.trim().to_string())
        .collect();
    if texts.is_empty() || texts.iter().all(String::is_empty) {
        no_answer(at, hint);
        return None;
    }
    if kind == "single" && texts.len() > 1 {
        at.at_key(
            "answer",
            format!(
                "question {n} is `single` but has {} correct answers",
                texts.len()
            ),
            "give one answer, or make the question `kind: multiple`",
        );
        return None;
    }
    let mut indexes = Vec::with_capacity(texts.len());
    for t in &texts {
        match choices.iter().position(|c| c == t) {
            Some(i) => {
                if !indexes.contains(&i) {
                    indexes.push(i);
                }
            }
            None => {
                let closest = choices
                    .iter()
                    .map(|c| (strsim::levenshtein(&fold_answer(c), &fold_answer(t)), c))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, c)| c);
                let hint = match closest {
                    Some(c) => format!(
                        "the answer must be one of the choices, copied exactly: did you mean `{c}`?"
                    ),
                    None => "the answer must be one of the choices, copied exactly".into(),
                };
                at.at_key(
                    "answer",
                    format!("the answer `{t}` of question {n} is not one of its choices"),
                    hint,
                );
                bad = true;
            }
        }
    }
    if bad {
        return None;
    }
    indexes.sort_unstable();
    Some(match kind {
        "single" => Answer::Single(indexes[0]),
        _ => Answer::Multiple(indexes),
    })
}

fn true_false(answer: Option<RawAnswer>, at: &mut Check<'_, '_>) -> Option<Answer> {
    let n = at.number;
    let hint = "add `answer: true` (the sentence is right) or `answer: false`";
    let value = match answer {
        None => {
            no_answer(at, hint);
            return None;
        }
        Some(RawAnswer::One(Scalar::Bool(b))) => Some(b),
        Some(RawAnswer::One(Scalar::Text(t))) => match fold_answer(&t).as_str() {
            "dung" | "true" => Some(true),
            "sai" | "false" => Some(false),
            _ => None,
        },
        Some(_) => None,
    };
    match value {
        Some(b) => Some(Answer::TrueFalse(b)),
        None => {
            at.at_key(
                "answer",
                format!("the answer of true-false question {n} is neither true nor false"),
                hint,
            );
            None
        }
    }
}

fn short(answer: Option<RawAnswer>, at: &mut Check<'_, '_>) -> Option<Answer> {
    let n = at.number;
    let hint = "add `answer:` with the accepted answer, or a list of them: `answer: [\"6\", \"sáu\"]` (compared without tones or case)";
    let Some(answer) = answer else {
        no_answer(at, hint);
        return None;
    };
    let texts: Vec<String> = answer_texts(answer)
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !fold_answer(t).is_empty())
        .collect();
    if texts.is_empty() {
        at.at_key(
            "answer",
            format!("question {n} has no correct answer"),
            hint,
        );
        return None;
    }
    Some(Answer::Short(texts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place<'static> {
        Place {
            file: Path::new("content/bai.md"),
            first_line: 10,
            indent: 0,
        }
    }

    fn errors(yaml: &str) -> Vec<String> {
        parse(yaml, place(), 1)
            .expect_err("should fail")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_kind_is_read() {
        let q = parse(
            "- kind: single\n  question: \"A?\"\n  choices: [x, y]\n  answer: y\n  explain: Vì.\n- kind: multiple\n  question: B?\n  choices:\n    - 6\n    - 8\n    - 20\n  answer: [8, 6]\n- kind: true-false\n  question: C.\n  answer: false\n- kind: short\n  question: D?\n  answer: \"đăng ký\"\n",
            place(),
            3,
        )
        .unwrap();
        assert_eq!(q.first, 3);
        assert_eq!(q.line, 9);
        let a: Vec<&Answer> = q.questions.iter().map(|q| &q.answer).collect();
        assert_eq!(
            a,
            vec![
                &Answer::Single(1),
                &Answer::Multiple(vec![0, 1]),
                &Answer::TrueFalse(false),
                &Answer::Short(vec!["đăng ký".into()])
            ]
        );
        assert_eq!(q.questions[0].explain.as_deref(), Some("Vì."));
        assert_eq!(q.questions[1].choices, vec!["6", "8", "20"]);
        assert_eq!(
            q.questions.iter().map(|q| q.line).collect::<Vec<_>>(),
            vec![10, 15, 22, 25]
        );
    }

    #[test]
    fn answers_fold_as_search_does() {
        assert_eq!(fold_answer("  Đăng  KÝ. "), "dang ky");
        assert_eq!(fold_answer("dang ky"), fold_answer("đăng ký"));
        assert_eq!(fold_answer("Đăng-ký"), "dang ky");
        assert_eq!(fold_answer("  dang   ky \n"), "dang ky");
        assert_eq!(fold_answer("“Đăng ký”!"), "dang ky");
        assert_eq!(fold_answer("https://vneid.gov.vn/"), "https vneid gov vn");
        assert_ne!(fold_answer("6 chữ số"), fold_answer("6"));
        assert_eq!(fold_answer(" …? "), "");
    }

    #[test]
    fn each_mistake_names_its_line() {
        let e = errors("- kind: single\n  question: A?\n  choices: [x, y]\n");
        assert!(
            e[0].starts_with("content/bai.md:10:3: error: question 1 has no correct answer"),
            "{e:?}"
        );
        let e = errors("- kind: single\n  question: A?\n  choices: [x, y]\n  answer: z\n");
        assert!(
            e[0].starts_with(
                "content/bai.md:13:3: error: the answer `z` of question 1 is not one of its choices"
            ),
            "{e:?}"
        );
        let e = errors(
            "- kind: single\n  question: A?\n  choices:\n    - x\n    - y\n  answer: x\n- kind: singel\n  question: B?\n",
        );
        assert!(
            e[0].starts_with("content/bai.md:16:3: error: question 2 has an unknown kind `singel`"),
            "{e:?}"
        );
        assert!(e[0].contains("did you mean `single`?"), "{e:?}");
        let e = errors(
            "- kind: single\n  question: A?\n  choices:\n    - x\n    - y\n    - x\n  answer: x\n",
        );
        assert!(
            e[0].starts_with("content/bai.md:15:5: error: question 1 lists the choice `x` twice"),
            "{e:?}"
        );
        let e = errors("- kind: true-false\n  question: \"  \"\n  answer: true\n");
        assert!(
            e[0].starts_with("content/bai.md:11:3: error: question 1 has an empty prompt"),
            "{e:?}"
        );
        let e = errors("- kind: single\n  question: \"A?\n  choices: [x, y]\n");
        assert!(
            e[0].starts_with("content/bai.md:11:")
                && e[0].contains("error: invalid quiz:")
                && e[0].contains("never closed"),
            "{e:?}"
        );
        let e = errors("- kind: short\n  question: A?\n  answers: x\n");
        assert!(
            e[0].starts_with("content/bai.md:12:3: error: question 1 has an unknown key `answers`")
                && e[0].contains("did you mean `answer`?"),
            "{e:?}"
        );
    }
}
