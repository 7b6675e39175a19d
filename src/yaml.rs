//! YAML parsing. This is the only module that touches the YAML library
//! (serde_yaml, no longer maintained): swapping it means changing this file.
//! Everything else sees plain serde types and [`YamlError`].

use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::BTreeMap;

/// A YAML syntax or type error, with its position inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
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
        YamlError {
            message: message.trim().to_string(),
            line,
            column,
        }
    }
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
        // An odd number of double quotes on a line at or before the error: an unclosed quote.
        for l in (1..=line.min(lines.len())).rev() {
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
        } else if self.message.contains("could not find expected ':'")
            && key_like(here)
            && !here.contains(": ")
        {
            let key = here.split(':').next().unwrap_or("").trim();
            format!("put a space after the colon: `{key}: ...`")
        } else if here.starts_with([' ', '\t']) && key_like(here.trim_start()) {
            let key = here.trim_start().split(':').next().unwrap_or("");
            format!(
                "`{key}:` is indented: keys start at the beginning of the line (or quote the value on the line before if this belongs to it)"
            )
        } else if self.message.contains("invalid type") {
            "check the type of this value: text (quote it if it contains `:` or `#`), a number, true/false, or a list like [a, b]".into()
        } else {
            "fix the YAML at this position; text containing `:` or starting with `[`, `{`, `*` or `&` must be quoted".into()
        };
        (line, col, hint)
    }
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
    serde_yaml::from_str(text).map_err(YamlError::from)
}

/// The keys of a top-level mapping, each with its 1-based line when found.
pub(crate) fn top_level_keys(text: &str) -> Result<Vec<(String, Option<usize>)>, YamlError> {
    let map: BTreeMap<String, IgnoredAny> = from_str(text)?;
    Ok(map
        .into_keys()
        .map(|k| {
            let line = key_line(text, &k);
            (k, line)
        })
        .collect())
}

/// The 1-based line where top-level `key:` is written, if it can be found.
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let rest = line
                .strip_prefix(key)
                .or_else(|| {
                    line.strip_prefix('"')
                        .and_then(|l| l.strip_prefix(key))
                        .and_then(|l| l.strip_prefix('"'))
                })
                .or_else(|| {
                    line.strip_prefix('\'')
                        .and_then(|l| l.strip_prefix(key))
                        .and_then(|l| l.strip_prefix('\''))
                });
            rest.is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
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
        assert!(e.message.contains("invalid type"), "{}", e.message);
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let e = from_str::<BTreeMap<String, String>>("title: \"open\nx: [\n").unwrap_err();
        assert!(e.line.is_some());
    }

    #[test]
    fn unclosed_quotes_point_at_the_opening_quote() {
        let e = from_str::<BTreeMap<String, String>>("a: b\ntitle: \"open\nx: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(e.message.contains("quoted scalar"), "{}", e.message);
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
    }
}
