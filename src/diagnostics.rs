//! Diagnostics: every error and warning baihoc reports, printed one way
//! everywhere (`path:line:col: error: message` and a hint line), in the
//! terminal, in `check`, and later in the serve overlay. Each has a kind, so
//! a long run of one warning can be shown as a few and a count.

use std::fmt;
use std::panic::Location;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors stop the build; warnings do not; notes
/// are information about the build, not problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Said once about the whole build ("no base_url: no link previews"),
    /// printed after the summary line; never a warning, not even for
    /// `check --strict`.
    Note,
    /// Reported, but the build goes on and exits 0.
    Warning,
    /// The build stops and nothing is written.
    Error,
}

/// One problem found in the input, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault, as the user would type it (relative to the site root when possible).
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it: most hints are fixed text, shared rather than copied
    /// (a large site can have tens of thousands of the same warning); boxed,
    /// so that a diagnostic stays small enough to return in a `Result`.
    pub hint: Option<Box<std::borrow::Cow<'static, str>>>,
    /// What kind of problem it is (serialised as `code` when it has one).
    #[serde(rename = "code", skip_serializing_if = "Kind::has_no_code")]
    kind: Kind,
}

/// The kind of a diagnostic: a short stable code (`unknown-key`), or else
/// the place in baihoc that reported it (one place, one kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code(&'static str),
    ReportedAt(&'static Location<'static>),
}

impl Kind {
    fn has_no_code(&self) -> bool {
        matches!(self, Kind::ReportedAt(_))
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Kind::Code(code) => s.serialize_str(code),
            Kind::ReportedAt(_) => s.serialize_none(),
        }
    }
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    #[track_caller]
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into(), Location::caller())
    }

    /// A warning with a message and nothing else yet.
    #[track_caller]
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into(), Location::caller())
    }

    /// A note: information about the build, not a problem.
    #[track_caller]
    pub fn note(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message.into(), Location::caller())
    }

    fn new(severity: Severity, message: String, origin: &'static Location<'static>) -> Self {
        Diagnostic {
            severity,
            file: None,
            line: None,
            column: None,
            message,
            hint: None,
            kind: Kind::ReportedAt(origin),
        }
    }

    /// Names the kind of problem with a short stable code (`unknown-key`).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.kind = Kind::Code(code);
        self
    }

    /// The short stable code of the kind of problem, when it has one.
    pub fn code(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Code(code) => Some(code),
            Kind::ReportedAt(_) => None,
        }
    }

    /// What kind of problem this is, to group many of one kind: its code, or
    /// else the place in baihoc that reported it (one place, one kind).
    pub fn kind(&self) -> String {
        match self.kind {
            Kind::Code(code) => code.to_string(),
            Kind::ReportedAt(at) => format!("{}:{}:{}", at.file(), at.line(), at.column()),
        }
    }

    /// Names the file at fault.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Sets the 1-based line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds the "how to fix it" line.
    pub fn with_hint(mut self, hint: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.hint = Some(Box::new(hint.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// True for notes.
    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }

    /// Turns a warning into an error (`check --strict`); a note stays a note.
    pub fn into_error(mut self) -> Self {
        if self.severity == Severity::Warning {
            self.severity = Severity::Error;
        }
        self
    }
}

/// Text from a site made safe for a terminal: control characters escaped,
/// and every line after the first indented, so nothing printed can pass for
/// a line of baihoc's own (a fake "Built into ...").
fn terminal_safe(text: &str) -> String {
    text.split('\n')
        .map(|line| crate::text::escape_controls(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n    ")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            let shown = file.display().to_string();
            write!(f, "{}", crate::text::escape_controls(&shown))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{label}: {}", terminal_safe(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", terminal_safe(hint))?;
        }
        Ok(())
    }
}

/// Diagnostics gathered by a stage, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Records many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// All of them, in a stable order: by file, line, column, then message.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }

    /// Iterates in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// 1-based line and column of a byte offset in `text` (column counts characters).
/// For one lookup; to look up many offsets of the same text, build a [`LineIndex`] once.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).position(offset)
}

/// Line and column lookups in one text, each in logarithmic time: built once
/// per text in one pass, so that reporting every problem of a large body
/// costs no more than reading it (a rescan from byte 0 for each of 40,000
/// broken links took 14 s).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// Characters before byte `k * CHAR_STRIDE`, for columns on long lines:
    /// counted when a column is first asked for (most lookups want a line).
    chars_before_block: std::cell::OnceCell<Vec<usize>>,
}

/// Bytes between two character counts kept by [`LineIndex`].
const CHAR_STRIDE: usize = 256;
/// Bytes before an offset in its line that [`LineIndex::position`] counts
/// directly.
const SHORT_LINE: usize = 4 * CHAR_STRIDE;

/// Characters in `bytes` (whole characters of UTF-8 text).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| is_char_start(b)).count()
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            line_starts,
            chars_before_block: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line of a byte offset (as [`LineIndex::position`]).
    pub fn line(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset; an offset
    /// past the end is the end, one inside a character is that character.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        // The last line start at or before `offset`.
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        // A line of ordinary length is counted directly; the per-block
        // counts (a pass over the whole text) serve only very long lines.
        let column = if offset - start <= SHORT_LINE {
            count_chars(&self.text.as_bytes()[start..offset]) + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        (line, column)
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let blocks = self.chars_before_block.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut counts = Vec::with_capacity(bytes.len() / CHAR_STRIDE + 2);
            let mut chars = 0;
            for chunk in bytes.chunks(CHAR_STRIDE) {
                counts.push(chars);
                chars += count_chars(chunk);
            }
            counts.push(chars);
            counts
        });
        let block = offset / CHAR_STRIDE;
        let from = block * CHAR_STRIDE;
        blocks[block] + count_chars(&self.text.as_bytes()[from..offset])
    }
}

/// True for a byte that starts a UTF-8 character (not a continuation byte).
fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_path_line_column_and_hint() {
        let d = Diagnostic::error("missing title")
            .in_file("content/a.md")
            .at(2, 5)
            .with_hint("add `title:`");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:5: error: missing title\n  hint: add `title:`"
        );
    }

    #[test]
    fn site_text_cannot_fake_a_line_or_drive_the_terminal() {
        let d = Diagnostic::warning("unknown key `a\nBuilt into public: 9 lessons`")
            .in_file("content/\x1b]0;pwned\x07a.md")
            .with_hint("one\ntwo \x1b[2J");
        let shown = d.to_string();
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{shown:?}"
        );
        assert!(
            shown.starts_with("content/\\x1b]0;pwned\\x07a.md: warning: "),
            "{shown}"
        );
        for line in shown.lines().skip(1) {
            assert!(line.starts_with("  "), "{shown}");
        }
    }

    #[test]
    fn kinds_come_from_the_code_or_the_place_of_report() {
        let same_place = |m: &str| Diagnostic::warning(m.to_string());
        assert_eq!(same_place("a").kind(), same_place("b").kind());
        assert_ne!(
            Diagnostic::warning("a").kind(),
            Diagnostic::warning("a").kind()
        );
        let coded = Diagnostic::warning("a").with_code("x");
        assert_eq!(coded.kind(), "x");
        assert_eq!(coded.code(), Some("x"));
        // Small enough to travel in a `Result` (clippy's `result_large_err`).
        assert!(std::mem::size_of::<Diagnostic>() <= 128);
    }

    #[test]
    fn notes_stay_notes_when_warnings_become_errors() {
        let note = Diagnostic::note("no base_url").in_file("site.yaml");
        assert_eq!(note.to_string(), "site.yaml: note: no base_url");
        assert!(note.clone().into_error().is_note());
        assert!(Diagnostic::warning("w").into_error().is_error());
        let diags: Diagnostics = [note].into_iter().collect();
        assert!(!diags.has_errors());
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "một\nhai ba";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, "một\n".len()), (2, 1));
        assert_eq!(line_col(text, "một\nhai ".len()), (2, 5));
        assert_eq!(line_col(text, "mộ".len()), (1, 3));
        assert_eq!(
            line_col(text, text.len() + 10),
            (2, 7),
            "past the end is the end"
        );
        assert_eq!(
            line_col(text, 2),
            (1, 2),
            "inside a character is that character"
        );
    }

    #[test]
    fn line_index_agrees_with_a_plain_count_everywhere() {
        // Long lines of multi-byte letters cross many checkpoints of the index.
        let text = format!("{}\n\nđ{}\nx", "ệ".repeat(700), "a ộ".repeat(300));
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 1 {
            let o = floor_char_boundary(&text, offset.min(text.len()));
            let before = &text[..o];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(index.position(offset), (line, column), "offset {offset}");
            assert_eq!(index.line(offset), line, "offset {offset}");
            // A fresh index asked for the line first, then the position.
            let fresh = LineIndex::new(&text);
            assert_eq!(fresh.line(offset), line);
            assert_eq!(fresh.position(offset), (line, column), "offset {offset}");
        }
    }

    #[test]
    fn line_index_of_empty_text() {
        assert_eq!(LineIndex::new("").position(0), (1, 1));
        assert_eq!(LineIndex::new("\n").position(1), (2, 1));
    }
}
