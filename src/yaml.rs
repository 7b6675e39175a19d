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
        let context = text
            .find("while ")
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

    #[test]
    fn finds_key_lines() {
        let text = "title: A\n# c\nweigth: 3\n";
        let keys = top_level_keys(text).unwrap();
        assert!(keys.contains(&("weigth".to_string(), Some(3))));
        assert_eq!(key_line(text, "title"), Some(1));
        assert_eq!(key_line(text, "missing"), None);
    }
}
