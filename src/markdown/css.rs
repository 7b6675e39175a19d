//! Addresses in CSS written in raw HTML (a `style` attribute, a `<style>`
//! element): the insides of `url(…)` and the strings after `@import`, for
//! [`super::html_scan`] to tell which load from another site or run script.

/// Every address CSS text refers to, with its byte offset: the insides of
/// `url(…)` and the strings after `@import`, each cut at [`MAX_ADDRESS`]
/// bytes (what decides where an address leads is its start). CSS escapes
/// are not decoded: the pages' policy blocks what this misses. Linear in
/// the text, even when it is full of unclosed `url(`.
pub fn addresses(text: &str) -> Vec<(usize, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut closers = [Next::new(b')'), Next::new(b'"'), Next::new(b'\'')];
    let mut out = Vec::new();
    let value_at = |start: usize, closer: usize, closers: &mut [Next; 3]| {
        let end = closers[closer].find(text, start).unwrap_or(text.len());
        cut(text, start, end)
    };
    let inside = |from: usize| {
        from + text[from..]
            .bytes()
            .take_while(u8::is_ascii_whitespace)
            .count()
    };
    for (i, _) in lower.match_indices("url(") {
        let at = inside(i + "url(".len());
        let value = match text.as_bytes().get(at) {
            Some(b'"') => value_at(at + 1, 1, &mut closers),
            Some(b'\'') => value_at(at + 1, 2, &mut closers),
            _ => value_at(at, 0, &mut closers).trim_end(),
        };
        out.push((at, value));
    }
    for (i, _) in lower.match_indices("@import") {
        let at = inside(i + "@import".len());
        match text.as_bytes().get(at) {
            Some(b'"') => out.push((at, value_at(at + 1, 1, &mut closers))),
            Some(b'\'') => out.push((at, value_at(at + 1, 2, &mut closers))),
            _ => {}
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Longest part of a CSS address looked at.
const MAX_ADDRESS: usize = 2048;

/// `text[start..end]`, at most [`MAX_ADDRESS`] bytes, on character boundaries.
fn cut(text: &str, start: usize, end: usize) -> &str {
    let mut end = end.min(start + MAX_ADDRESS).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(start..end).unwrap_or("")
}

/// The next position of one byte at or after a growing offset, remembered
/// so that asking again for a later offset does not search the same bytes twice.
struct Next {
    byte: u8,
    /// Searched from this offset, found there (`None`: not after it).
    last: Option<(usize, Option<usize>)>,
}

impl Next {
    fn new(byte: u8) -> Self {
        Next { byte, last: None }
    }

    fn find(&mut self, text: &str, from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.last
            && searched <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = text.as_bytes()[from.min(text.len())..]
            .iter()
            .position(|&b| b == self.byte)
            .map(|i| from + i);
        self.last = Some((from, found));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_imports() {
        let css = "@import 'https://a/x.css'; p { background: URL( \"b.png\" ) } q { b: url(c.png ) } @import url(d.css);";
        let got: Vec<&str> = addresses(css).into_iter().map(|(_, a)| a).collect();
        assert_eq!(got, ["https://a/x.css", "b.png", "c.png", "d.css"]);
        let (at, _) = addresses(css)[1];
        assert_eq!(&css[at..at + 6], "\"b.png");
    }

    #[test]
    fn unclosed_css_addresses_are_quick() {
        let start = std::time::Instant::now();
        let css = "url(".repeat(250_000);
        assert_eq!(addresses(&css).len(), 250_000);
        let css = "url(\"x ".repeat(150_000) + &"@import 'y ".repeat(100_000);
        assert_eq!(addresses(&css).len(), 250_000);
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
    }
}
