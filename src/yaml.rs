//! YAML parsing. This is the only module that touches the YAML library
//! (serde_yaml, no longer maintained) and the only one that reads its error
//! messages: swapping it means changing this file. Everything else sees
//! plain serde types and [`YamlError`], whose [`YamlErrorKind`] says what
//! went wrong. Nesting is checked here before the library sees the text (it
//! takes time in the square of the depth of `[[[...]]]`).

use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::BTreeMap;

/// The deepest nesting of `[...]` and `{...}` accepted. Front matter and data
/// files need two or three levels; the YAML library takes time in the square
/// of the depth, so a deep pile would stall the build.
pub(crate) const MAX_NESTING: usize = 64;

/// What kind of mistake a [`YamlError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YamlErrorKind {
    /// The text is not valid YAML (unclosed quote, bad indentation, ...).
    Syntax,
    /// A value has the wrong type or is out of range (text where a number is expected).
    WrongType,
    /// A key that the type does not know (where unknown keys are refused).
    UnknownField,
    /// A required key is missing.
    MissingField,
    /// A value that is not one of the accepted words (`status: old`).
    UnknownValue,
    /// A key is written twice in one mapping.
    DuplicateKey,
    /// Nesting (or alias expansion) beyond what any real file needs.
    TooDeep,
}

/// A YAML syntax or type error, with its position inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What kind of mistake it is.
    pub(crate) kind: YamlErrorKind,
    /// What is wrong, without the position.
    pub(crate) message: String,
    /// 1-based line inside the YAML text.
    pub(crate) line: Option<usize>,
    /// 1-based column inside the YAML text.
    pub(crate) column: Option<usize>,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let location = e.location();
        let text = e.to_string();
        // serde_yaml writes positions into the text ("... at line 3 column 1,
        // while scanning a quoted scalar at line 1 column 8"), counted inside
        // the YAML block. Take them out; where a construct is named as
        // context ("while scanning ..."), its start is the useful position.
        let positions = positions_in(&text);
        // "while scanning a quoted scalar / a simple key at ..." points at the
        // opening quote or the key that lacks its `: `; "while parsing a block
        // mapping at ..." only at the enclosing block.
        let context = [
            "while scanning a quoted scalar",
            "while scanning a simple key",
        ]
        .iter()
        .find_map(|w| text.find(w))
        .and_then(|w| positions.iter().find(|(start, ..)| *start > w))
        .map(|&(_, line, col)| (line, col));
        let mut message = text.clone();
        for (start, ..) in positions.iter().rev() {
            let end = text[*start..]
                .find([',', ')'])
                .map_or(text.len(), |i| start + i);
            message.replace_range(*start..end, "");
        }
        let (line, column) = match (context, location) {
            (Some((l, c)), _) => (Some(l), Some(c)),
            (None, Some(loc)) => (Some(loc.line()), Some(loc.column())),
            (None, None) => (None, None),
        };
        let message = message.trim();
        YamlError {
            kind: kind_of(message),
            message: plain_words(message),
            line,
            column,
        }
    }
}

/// The kind of a serde_yaml message (serde's wording for data errors, libyaml's
/// for syntax). serde_yaml puts the path of the value first (`tags[1]: invalid
/// type: ...`) and a value may quote the author's text, so the earliest
/// phrase found decides.
fn kind_of(message: &str) -> YamlErrorKind {
    use YamlErrorKind as K;
    [
        ("invalid type", K::WrongType),
        ("invalid value", K::WrongType),
        ("invalid length", K::WrongType),
        ("did not match any variant", K::WrongType),
        ("unknown field", K::UnknownField),
        ("missing field", K::MissingField),
        ("unknown variant", K::UnknownValue),
        ("duplicate field", K::DuplicateKey),
        ("duplicate entry", K::DuplicateKey),
        ("recursion limit exceeded", K::TooDeep),
        ("repetition limit exceeded", K::TooDeep),
    ]
    .iter()
    .filter_map(|(phrase, kind)| message.find(phrase).map(|i| (i, *kind)))
    .min_by_key(|(i, _)| *i)
    .map_or(K::Syntax, |(_, kind)| kind)
}

/// The library's message in words a course author knows: Rust type names out.
fn plain_words(message: &str) -> String {
    let mut m = message
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a string", "expected a text");
    if let Some(i) = m.find("data did not match any variant of untagged enum") {
        m.replace_range(i.., "the value is neither a text nor a list of texts");
    }
    m
}

impl YamlError {
    /// Where the mistake most likely is and how to fix it, for the common
    /// mistakes of people new to YAML: an unclosed quote (the parser trips
    /// on a later line), a tab, a missing space after `:`, an indented key.
    /// Returns (1-based line, 1-based column, hint) within `text`.
    pub(crate) fn explain(&self, text: &str) -> (usize, usize, String) {
        let line = self.line.unwrap_or(1);
        let col = self.column.unwrap_or(1);
        let lines: Vec<&str> = text.lines().collect();
        let at = |l: usize| lines.get(l.saturating_sub(1)).copied().unwrap_or("");
        if self.kind == YamlErrorKind::DuplicateKey
            && let Some(found) = second_key(&self.message, &lines, line)
        {
            return found;
        }
        // An odd number of double quotes on a line at or before a syntax error: an unclosed quote.
        let syntax = self.kind == YamlErrorKind::Syntax;
        for l in (1..=line.min(lines.len())).rev().filter(|_| syntax) {
            let quotes = at(l)
                .match_indices('"')
                .filter(|(i, _)| !at(l)[..*i].ends_with('\\'))
                .count();
            if quotes % 2 == 1 {
                let c = at(l)
                    .find('"')
                    .map_or(1, |i| at(l)[..i].chars().count() + 1);
                return (
                    l,
                    c,
                    "a quote opened here is never closed: add the closing \" at the end of the value".into(),
                );
            }
        }
        let here = at(line);
        let key_like = |s: &str| {
            s.split_once(':').is_some_and(|(k, _)| {
                !k.trim().is_empty()
                    && k.trim()
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
        };
        let hint = if here.contains('\t') {
            "YAML does not accept tab characters here: indent with spaces".to_string()
        } else if self.kind == YamlErrorKind::TooDeep {
            format!(
                "nothing here needs more than a few levels of `[...]` or `{{...}}`; at most {MAX_NESTING} are accepted"
            )
        } else if self.message.contains("could not find expected ':'")
            && key_like(here)
            && !here.contains(": ")
        {
            let key = here.split(':').next().unwrap_or("").trim();
            format!("put a space after the colon: `{key}: ...`")
        } else if self.message.contains("unknown field") {
            "use one of the names the message lists, or remove the line".to_string()
        } else if self.message.contains("invalid type") {
            "write the value the message expects (`true` or `false`, a number, a list...)"
                .to_string()
        } else if here.starts_with([' ', '\t']) && key_like(here.trim_start()) {
            let key = here.trim_start().split(':').next().unwrap_or("");
            format!(
                "`{key}:` is indented: keys start at the beginning of the line (or quote the value on the line before if this belongs to it)"
            )
        } else if self.kind == YamlErrorKind::WrongType {
            "check the type of this value: text (quote it if it contains `:` or `#`), a number, true/false, or a list like [a, b]".into()
        } else {
            "fix the YAML at this position; text containing `:` or starting with `[`, `{`, `*` or `&` must be quoted".into()
        };
        (line, col, hint)
    }
}

/// For a "duplicate field `key`" error: the line and column of the key's
/// second line (the library reports the mapping or the first key, or for
/// site.yaml no position at all), found from line `from` on at the first
/// one's indentation, with a hint naming the key.
fn second_key(message: &str, lines: &[&str], from: usize) -> Option<(usize, usize, String)> {
    let key = message.split('`').nth(1)?;
    let is_key = |line: &str| key_of_line(line.trim_start()) == Some(key);
    let indent = |line: &str| line.len() - line.trim_start().len();
    let search = |start: usize| {
        let first = (start..lines.len()).find(|&i| is_key(lines[i]))?;
        let second = (first + 1..lines.len())
            .find(|&i| is_key(lines[i]) && indent(lines[i]) == indent(lines[first]))?;
        Some(second)
    };
    // From the reported line, or from the top when the report is after both.
    let second = search(from.saturating_sub(1)).or_else(|| search(0))?;
    let column = lines[second][..indent(lines[second])].chars().count() + 1;
    Some((
        second + 1,
        column,
        format!("`{key}` is written twice at this level: keep one of the two lines"),
    ))
}

/// Every " at line L column C" in `text`: (byte offset, L, C).
fn positions_in(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(" at line ") {
        let start = from + i;
        let rest = &text[start + " at line ".len()..];
        let mut words = rest.split([' ', ',']);
        let line = words.next().and_then(|w| w.parse().ok());
        let col = match (words.next(), words.next()) {
            (Some("column"), Some(c)) => c.parse().ok(),
            _ => None,
        };
        if let (Some(l), Some(c)) = (line, col) {
            out.push((start, l, c));
        }
        from = start + 1;
    }
    out
}

/// Parses `text` into `T`. An empty document is read as an empty mapping.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.trim().is_empty() {
        return serde_yaml::from_str("{}").map_err(YamlError::from);
    }
    check_nesting(text)?;
    serde_yaml::from_str(text).map_err(|e| YamlError::from(e).with_lines_of(text))
}

/// True for a character the YAML library ends a line at besides `\n`
/// (a `\r` not followed by `\n`, NEL, LINE and PARAGRAPH SEPARATOR).
fn is_other_break(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

impl YamlError {
    /// The error with its position counted as everything else in baihoc
    /// counts it (and as [`crate::diagnostics::LineIndex`] does): lines end
    /// at `\n` only. The YAML library also ends a line at a lone `\r`, NEL,
    /// LINE and PARAGRAPH SEPARATOR, so one of those in a value moved every
    /// later error down by a line, past the end of a quiz block (found by
    /// the `quiz` fuzz target).
    fn with_lines_of(mut self, text: &str) -> Self {
        let (Some(line), Some(column)) = (self.line, self.column) else {
            return self;
        };
        if !text.contains(is_other_break) {
            return self;
        }
        let offset = yaml_offset(text, line, column);
        let (line, column) = crate::diagnostics::line_col(text, offset);
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

/// The byte offset of the YAML library's 1-based `line` and `column` (in
/// characters) in `text`; the end of the text when it is beyond.
fn yaml_offset(text: &str, line: usize, column: usize) -> usize {
    let (mut l, mut c) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if l > line || (l == line && c >= column) {
            return i;
        }
        match ch {
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
            '\n' => (l, c) = (l + 1, 1),
            ch if is_other_break(ch) => (l, c) = (l + 1, 1),
            _ => c += 1,
        }
    }
    text.len()
}

/// The keys of a top-level mapping, each with its 1-based line when found.
pub(crate) fn top_level_keys(text: &str) -> Result<Vec<(String, Option<usize>)>, YamlError> {
    let map: BTreeMap<String, IgnoredAny> = from_str(text)?;
    let lines = KeyLines::of(text);
    Ok(map
        .into_keys()
        .map(|k| {
            let line = lines.first(&k);
            (k, line)
        })
        .collect())
}

/// Where each top-level key of a YAML text is written (1-based lines, every
/// occurrence), found in one pass over the text.
#[derive(Debug, Default)]
pub(crate) struct KeyLines(std::collections::HashMap<String, Vec<usize>>);

impl KeyLines {
    /// The top-level keys of `text`: lines that start at the first column
    /// with `key:`, `"key":` or `'key':`.
    pub(crate) fn of(text: &str) -> KeyLines {
        let mut map: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, line) in text.lines().enumerate() {
            if let Some(key) = key_of_line(line) {
                map.entry(key.to_string()).or_default().push(i + 1);
            }
        }
        KeyLines(map)
    }

    /// The line of the first `key:`.
    pub(crate) fn first(&self, key: &str) -> Option<usize> {
        self.nth(key, 0)
    }

    /// The line of the `n`-th (from 0) `key:`.
    pub(crate) fn nth(&self, key: &str, n: usize) -> Option<usize> {
        self.0.get(key).and_then(|lines| lines.get(n)).copied()
    }
}

/// The key of a line `key: ...` written at the first column, if it is one.
fn key_of_line(line: &str) -> Option<&str> {
    let quoted = |q: char| {
        let rest = line.strip_prefix(q)?;
        let end = rest.find(q)?;
        rest[end + 1..]
            .trim_start()
            .starts_with(':')
            .then(|| &rest[..end])
    };
    match line.chars().next()? {
        '"' => quoted('"'),
        '\'' => quoted('\''),
        c if c.is_whitespace() || "#-[]{}&*!|>%@`,?".contains(c) => None,
        _ => {
            let colon = line
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?;
            Some(line[..colon].trim_end())
        }
    }
}

/// The 1-based line where top-level `key:` is written, if it can be found.
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| key_of_line(line) == Some(key))
        .map(|i| i + 1)
}

/// Refuses `[` and `{` nested deeper than [`MAX_NESTING`] (one pass over the
/// text, after a count of the brackets shows it could be), with the position
/// of the first bracket too many. Brackets in quotes, comments, block
/// scalars (`|`, `>`) and plain text (`title: a [b`) are not nesting and
/// are not counted.
fn check_nesting(text: &str) -> Result<(), YamlError> {
    // Nesting deeper than the limit needs more openers than the limit:
    // most front matter has a few, and is not read character by character.
    let openers = text.bytes().filter(|&b| (b == b'[') | (b == b'{')).count();
    if openers <= MAX_NESTING {
        return Ok(());
    }
    let mut scan = Nesting::default();
    for (l, line) in text.split('\n').enumerate() {
        if let Some(col) = scan.line(line) {
            return Err(YamlError {
                kind: YamlErrorKind::TooDeep,
                message: format!("`[` and `{{` nested more than {MAX_NESTING} levels deep"),
                line: Some(l + 1),
                column: Some(col),
            });
        }
    }
    Ok(())
}

/// Where [`check_nesting`] is in the text.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Where a value may start: line start, after `- `, `: `, `[`, `,`.
    #[default]
    Node,
    /// Inside an anchor or tag (`&a`, `!t`), before the value.
    Property,
    /// Inside plain text, or after a quoted text or a closed collection.
    Plain,
    /// Inside `"..."` (with whether the last character was a `\`).
    Double(bool),
    /// Inside `'...'`.
    Single,
}

#[derive(Default)]
struct Nesting {
    at: At,
    /// Depth of `[` and `{`.
    flow: usize,
    /// Inside a block scalar: the indentation of the line that opened it.
    literal_above: Option<usize>,
}

impl Nesting {
    /// Scans one line; the 1-based column of a bracket too deep, if any.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = self.literal_above {
            if line.trim().is_empty() || indent > parent {
                return None;
            }
            self.literal_above = None;
        }
        if self.flow == 0 && !matches!(self.at, At::Double(_) | At::Single) {
            self.at = At::Node;
        }
        let mut chars = line.chars().enumerate().peekable();
        let mut prev = ' ';
        while let Some((col, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |&(_, n)| n);
            let blank_next = next.is_whitespace();
            match (self.at, c) {
                (At::Double(false), '\\') => self.at = At::Double(true),
                (At::Double(false), '"') => self.at = At::Plain,
                (At::Double(_), _) => self.at = At::Double(false),
                (At::Single, '\'') if next == '\'' => {
                    chars.next();
                }
                (At::Single, '\'') => self.at = At::Plain,
                (At::Single, _) => {}
                (_, '#') if prev.is_whitespace() => return None,
                (At::Property, c) if c.is_whitespace() => self.at = At::Node,
                (_, c) if c.is_whitespace() => {}
                (At::Node, '"') => self.at = At::Double(false),
                (At::Node, '\'') => self.at = At::Single,
                (At::Node, '[' | '{') => {
                    self.flow += 1;
                    if self.flow > MAX_NESTING {
                        return Some(col + 1);
                    }
                }
                (_, '[' | '{') if self.flow > 0 => {
                    self.flow += 1;
                    if self.flow > MAX_NESTING {
                        return Some(col + 1);
                    }
                    self.at = At::Node;
                }
                (_, ']' | '}') if self.flow > 0 => {
                    self.flow -= 1;
                    self.at = At::Plain;
                }
                (_, ',') if self.flow > 0 => self.at = At::Node,
                (At::Node, '|' | '>') if self.flow == 0 => {
                    self.literal_above = Some(indent);
                    return None;
                }
                (At::Node, '-' | '?' | ':') if blank_next => {}
                (At::Node, '&' | '!') => self.at = At::Property,
                (At::Plain | At::Node, ':')
                    if blank_next || (self.flow > 0 && ",[]{}".contains(next)) =>
                {
                    self.at = At::Node;
                }
                (At::Node, _) => self.at = At::Plain,
                _ => {}
            }
            prev = c;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        title: String,
    }

    #[test]
    fn type_errors_carry_a_position_and_a_clean_message() {
        let e = from_str::<T>("a: 1\ntitle: [1, 2]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.kind, YamlErrorKind::WrongType);
        assert!(e.message.contains("invalid type"), "{}", e.message);
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn a_key_written_twice_is_shown_at_its_second_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            size: Option<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            title: Option<String>,
            poster: Option<Inner>,
        }
        // At the top level the library gives no position at all.
        let text = "title: \"A\"\nposter:\n  size: A4\ntitle: \"B\"\n";
        let e = from_str::<Outer>(text).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
        let (line, col, hint) = e.explain(text);
        assert_eq!((line, col), (4, 1), "{e:?}");
        assert!(hint.contains("`title` is written twice"), "{hint}");
        // Nested, at the second `size`, not the first; a `size` at another
        // level does not count.
        let text = "poster:\n  size: A4\n  \"size\": A3\n";
        let e = from_str::<Outer>(text).unwrap_err();
        let (line, col, hint) = e.explain(text);
        assert_eq!((line, col), (3, 3), "{e:?}");
        assert!(hint.contains("`size` is written twice"), "{hint}");
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let e = from_str::<BTreeMap<String, String>>("title: \"open\nx: [\n").unwrap_err();
        assert!(e.line.is_some());
        assert_eq!(e.kind, YamlErrorKind::Syntax);
    }

    #[test]
    fn error_kinds_are_decided_here() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            id: String,
            n: Option<u32>,
            s: Option<Status>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(rename_all = "kebab-case")]
        enum Status {
            InForce,
        }
        let kind = |t: &str| from_str::<S>(t).unwrap_err().kind;
        assert_eq!(kind("id: a\nx: 1\n"), YamlErrorKind::UnknownField);
        assert_eq!(kind("n: 1\n"), YamlErrorKind::MissingField);
        assert_eq!(kind("id: a\ns: old\n"), YamlErrorKind::UnknownValue);
        assert_eq!(kind("id: a\nn: 99999999999\n"), YamlErrorKind::WrongType);
        assert_eq!(kind("id: a\nn: x\n"), YamlErrorKind::WrongType);
        let e = from_str::<S>("id: a\nn: x\n").unwrap_err();
        assert!(
            e.message.contains("expected a whole number"),
            "{}",
            e.message
        );
        assert_eq!(kind("id: \"open\nn: 1\n"), YamlErrorKind::Syntax);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        type Any = BTreeMap<String, IgnoredAny>;
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let start = std::time::Instant::now();
        let e = from_str::<Any>(&deep).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(e.kind, YamlErrorKind::TooDeep);
        assert_eq!((e.line, e.column), (Some(2), Some(4 + MAX_NESTING)));
        let (_, _, hint) = e.explain(&deep);
        assert!(hint.contains("few levels"), "{hint}");
        // Unclosed, mixed, over several lines.
        let e = from_str::<Any>(&format!("a:\n  {}\n", "{x: [".repeat(40))).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooDeep);
        // As deep as allowed is fine.
        let ok = format!(
            "a: {}{}\n",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert!(from_str::<Any>(&ok).is_ok());
        // One more is refused, and many shallow ones are fine.
        let over = format!(
            "a: {}{}\n",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert_eq!(
            from_str::<Any>(&over).unwrap_err().kind,
            YamlErrorKind::TooDeep
        );
        let shallow = format!("a: [{}]\n", "[1], ".repeat(3 * MAX_NESTING));
        assert!(from_str::<Any>(&shallow).is_ok());
    }

    #[test]
    fn brackets_that_are_not_nesting_are_not_counted() {
        type Any = BTreeMap<String, String>;
        let many = "[".repeat(200);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many} it''s'\n"),
            format!("title: a {many}\n"),
            format!("title: a # {many}\n"),
            format!("title: |\n  {many}\n  {many}\nnext: b\n"),
            format!("title: \"a \\\" {many}\n  {many}\"\n"),
        ] {
            let r = from_str::<Any>(&text);
            assert!(r.is_ok(), "{text}: {r:?}");
        }
        let list =
            from_str::<BTreeMap<String, Vec<String>>>(&format!("tags: [\"{many}\", '{many}']\n"))
                .unwrap();
        assert_eq!(list["tags"].len(), 2);
    }

    #[test]
    fn unclosed_quotes_point_at_the_opening_quote() {
        let e = from_str::<BTreeMap<String, String>>("a: b\ntitle: \"open\nx: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(e.message.contains("quoted scalar"), "{}", e.message);
    }

    #[test]
    fn positions_count_lines_at_line_feeds_only() {
        // A lone CR, NEL, LINE or PARAGRAPH SEPARATOR in a quoted text is
        // no line break for baihoc: the error is where it is when that
        // character is a letter.
        for brk in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            for text in [
                "a: \"x{}y\"\nb: [1\nc: 2\n",
                "- a: \"x{}y\"\n  b: 1\n  c: d: e\n",
                "a: \"x{}y\" z\n",
                "a: [\"x{}y\", 1\nb: 2\n",
                "a: \"x{}y\"\nb: \"open\nc: 2\n",
            ] {
                let with = text.replace("{}", brk);
                let plain = text.replace("{}", "z");
                let e = from_str::<serde_yaml::Value>(&with).unwrap_err();
                let f = from_str::<serde_yaml::Value>(&plain).unwrap_err();
                assert_eq!((e.line, e.column), (f.line, f.column), "{with:?}: {e:?}");
                assert_eq!(e.explain(&with).0, f.explain(&plain).0, "{with:?}");
            }
        }
        // A CR before a line feed ends one line, as everywhere.
        let e = from_str::<serde_yaml::Value>("a: 1\r\nb: [\r\n").unwrap_err();
        let f = from_str::<serde_yaml::Value>("a: 1\nb: [\n").unwrap_err();
        assert_eq!(e.line, f.line);
        assert_eq!(yaml_offset("a\rb\r\nc", 3, 1), 5);
        assert_eq!(yaml_offset("a\rb\r\nc", 2, 2), 3);
        assert_eq!(yaml_offset("ab", 9, 1), 2);
    }

    fn explained(text: &str) -> (usize, usize, String) {
        from_str::<BTreeMap<String, serde::de::IgnoredAny>>(text)
            .unwrap_err()
            .explain(text)
    }

    #[test]
    fn explains_common_mistakes() {
        let (l, c, h) =
            explained("title: \"Kích hoạt tài khoản\ndescription: \"Mô tả\"\nweight: 1\n");
        assert_eq!((l, c), (1, 8), "{h}");
        assert!(h.contains("never closed"), "{h}");
        let (l, _, h) = explained("title: A\n\tweight: 1\n");
        assert_eq!(l, 2);
        assert!(h.contains("tab"), "{h}");
        let (l, _, h) = explained("title: A\nweight:40\nx: 1\n");
        assert!(
            h.contains("space after the colon: `weight: ...`"),
            "line {l}: {h}"
        );
        let (l, _, h) = explained("title: A\n  weight: 4\n");
        assert_eq!(l, 2);
        assert!(h.contains("`weight:` is indented"), "{h}");
    }

    #[test]
    fn finds_key_lines() {
        let text = "title: A\n# c\nweigth: 3\n";
        let keys = top_level_keys(text).unwrap();
        assert!(keys.contains(&("weigth".to_string(), Some(3))));
        assert_eq!(key_line(text, "title"), Some(1));
        assert_eq!(key_line(text, "missing"), None);
        let text = "a: 1\n  b: 2\n\"c d\": 3\n'e': |\n  x: 1\na: 4\n- f: 5\nurl: http://x\n";
        let lines = KeyLines::of(text);
        assert_eq!(lines.first("a"), Some(1));
        assert_eq!(lines.nth("a", 1), Some(6));
        assert_eq!(lines.first("b"), None);
        assert_eq!(lines.first("c d"), Some(3));
        assert_eq!(lines.first("e"), Some(4));
        assert_eq!(lines.first("f"), None);
        assert_eq!(lines.first("url"), Some(8));
    }

    #[test]
    fn many_keys_take_linear_time() {
        let text: String = (0..20_000).map(|i| format!("k{i}: {i}\n")).collect();
        let start = std::time::Instant::now();
        let lines = KeyLines::of(&text);
        assert_eq!(lines.first("k19999"), Some(20_000));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }
}
