//! Where the parts of a quiz block are written: the line and column of each
//! question's keys and of each entry of its lists, found by reading the
//! block's lines (the YAML library gives values, not positions). Written
//! for the block style authors use (`- kind: ...` then indented keys); a
//! question written in flow style (`- {kind: ..., ...}`) gets its first
//! line for everything.

/// The questions of a block, each with its lines.
pub(super) struct ItemLines<'a> {
    lines: Vec<&'a str>,
    /// For each question: its first and last line (0-based, inclusive).
    items: Vec<(usize, usize)>,
}

/// One question's lines.
#[derive(Clone, Copy)]
pub(super) struct Item<'a> {
    lines: &'a [&'a str],
    /// 0-based line of the block where the question starts.
    start: usize,
}

/// Columns of leading spaces.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// True when `line` (without its indentation) starts a list entry.
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

impl<'a> ItemLines<'a> {
    /// The lines of `text`'s top-level list entries; when there are not
    /// `expected` of them, every question is placed at line 1.
    pub(super) fn of(text: &'a str, expected: usize) -> ItemLines<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let top = lines
            .iter()
            .filter(|l| is_entry(l.trim_start_matches(' ')))
            .map(|l| indent(l))
            .min();
        let mut starts: Vec<usize> = match top {
            Some(top) => lines
                .iter()
                .enumerate()
                .filter(|(_, l)| indent(l) == top && is_entry(&l[top..]))
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        if starts.len() != expected {
            starts = vec![0; expected];
        }
        let items = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let end = starts
                    .get(i + 1)
                    .filter(|&&e| e > s)
                    .map_or(lines.len().max(1) - 1, |e| e - 1);
                (s, end.max(s))
            })
            .collect();
        ItemLines { lines, items }
    }

    /// The lines of question `i` (0-based).
    pub(super) fn item(&'a self, i: usize) -> Item<'a> {
        let (s, e) = self.items.get(i).copied().unwrap_or((0, 0));
        let end = (e + 1).min(self.lines.len());
        let start = s.min(end);
        Item {
            lines: &self.lines[start..end],
            start,
        }
    }
}

impl Item<'_> {
    /// 1-based line of the block where the question starts.
    pub(super) fn first_line(&self) -> usize {
        self.start + 1
    }

    /// The column (1-based) of the key written on `line`, if it is `key:`.
    fn key_on(line: &str, key: &str) -> Option<usize> {
        let mut rest = line.trim_start_matches(' ');
        let mut col = indent(line);
        if let Some(r) = rest.strip_prefix("- ") {
            col += 2 + indent(r);
            rest = r.trim_start_matches(' ');
        }
        let name = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| rest.strip_prefix(&format!("'{key}'")))?;
        name.trim_start().starts_with(':').then_some(col + 1)
    }

    /// 0-based index in the item, and 1-based column, of `key:`.
    fn find(&self, key: &str) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| Self::key_on(l, key).map(|c| (i, c)))
    }

    /// 1-based (line of the block, column) of `key:`; the question's first
    /// line when the key is not written.
    pub(super) fn key(&self, key: &str) -> (usize, usize) {
        match self.find(key) {
            Some((i, col)) => (self.start + i + 1, col),
            // Where the question's first key is written, after its `- `.
            None => (
                self.first_line(),
                1 + self.lines.first().map_or(0, |l| {
                    let rest = l.trim_start_matches(' ');
                    let dash = rest.strip_prefix("- ").map_or(0, |r| 2 + indent(r));
                    indent(l) + dash
                }),
            ),
        }
    }

    /// 1-based (line, column) of entry `n` (0-based) of the list under
    /// `key:`; the key's own position when the list is written on its line.
    pub(super) fn list_entry(&self, key: &str, n: usize) -> (usize, usize) {
        let Some((k, _)) = self.find(key) else {
            return self.key(key);
        };
        let key_indent = indent(self.lines[k]);
        let entries = self.lines[k + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, l)| {
                l.trim().is_empty()
                    || indent(l) > key_indent
                    || (indent(l) == key_indent && is_entry(&l[key_indent..]))
            })
            .filter(|(_, l)| is_entry(l.trim_start_matches(' ')))
            .map(|(i, l)| (k + 1 + i, indent(l) + 1));
        match entries.clone().nth(n) {
            Some((i, col)) => (self.start + i + 1, col),
            None => self.key(key),
        }
    }
}
