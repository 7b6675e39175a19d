//! Diagnostics: every error and warning baihoc reports, printed one way
//! everywhere (`path:line:col: error: message` and a hint line), in the
//! terminal, in `check`, and later in the serve overlay.

use std::fmt;
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
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// A note: information about the build, not a problem.
    pub fn note(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
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
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
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
        write!(f, "{label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
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

/// Reads a UTF-8 text file. `Ok(None)` when it does not exist; an unreadable
/// file or one that is not UTF-8 is an error naming `shown` (the path as the
/// user knows it) and, for bad bytes, the line and column of the first one.
pub fn read_text(path: &Path, shown: &Path) -> Result<Option<String>, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).unwrap_or("");
                let (line, col) = line_col(valid, valid.len());
                Err(Diagnostic::error("the file is not valid UTF-8 text")
                    .in_file(shown)
                    .at(line, col)
                    .with_hint("save the file with the UTF-8 encoding (most editors: \"Save with encoding\" → UTF-8)"))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(shown)
            .with_hint("check that the file exists and that you may read it")),
    }
}

/// 1-based line and column of a byte offset in `text` (column counts characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
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
    }
}
