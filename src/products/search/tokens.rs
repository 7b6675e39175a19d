//! Words as search sees them, the same at build time (here) and in the
//! reader's browser (`tokens` in the theme's `static/js/search.js`, which
//! follows these steps one for one; a test compares the two): every
//! character is [folded](crate::text::fold_char); a word is a run of folded
//! letters and digits (Unicode Alphabetic or Numeric); a combining mark
//! belongs to the word it follows. Vietnamese words are syllables, so
//! "đăng ký" is two words, `dang` and `ky`. Each word also keeps its exact
//! form (lowercase, composed), so that a query typed with diacritics can
//! rank "mức" above "mục".

use crate::text::fold_char;

/// Folded letters kept of a word: longer words (a pasted address, a hash)
/// are cut here, the same way in the browser.
pub const MAX_WORD_CHARS: usize = 40;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset after its last character (its marks included).
    pub end: usize,
    /// Folded: `dang`.
    pub folded: &'a str,
    /// As written, lowercase and composed: `đăng`.
    pub exact: &'a str,
}

/// True for a folded character that is part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `each` with every word of `text`, in order.
pub fn tokenize(text: &str, mut each: impl FnMut(&Token<'_>)) {
    let mut w = Word::default();
    let mut buf = String::with_capacity(8);
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                w.letter(c.to_ascii_lowercase(), i);
                w.raw(c, i);
            } else {
                w.finish(&mut each);
            }
            continue;
        }
        buf.clear();
        fold_char(c, &mut buf);
        if buf.is_empty() {
            // A combining mark: part of the word it follows.
            if w.open {
                w.raw(c, i);
            }
            continue;
        }
        for g in buf.chars() {
            if is_word_char(g) {
                w.letter(g, i);
            } else {
                w.finish(&mut each);
            }
        }
        if w.open {
            w.raw(c, i);
        }
    }
    w.finish(&mut each);
}

/// The word being read.
#[derive(Default)]
struct Word {
    open: bool,
    start: usize,
    end: usize,
    folded: String,
    chars: usize,
    cut: bool,
    raw: String,
    exact: String,
}

impl Word {
    fn letter(&mut self, g: char, at: usize) {
        if !self.open {
            self.open = true;
            self.start = at;
            self.folded.clear();
            self.raw.clear();
            self.chars = 0;
            self.cut = false;
        }
        if self.chars < MAX_WORD_CHARS {
            self.folded.push(g);
            self.chars += 1;
        } else {
            self.cut = true;
        }
    }

    fn raw(&mut self, c: char, at: usize) {
        self.raw.push(c);
        self.end = at + c.len_utf8();
    }

    fn finish(&mut self, each: &mut impl FnMut(&Token<'_>)) {
        if !self.open {
            return;
        }
        self.open = false;
        self.exact.clear();
        if !self.cut && !self.raw.is_ascii() {
            let composed = crate::text::nfc(&self.raw);
            if composed.contains(char::is_uppercase) {
                self.exact.push_str(&composed.to_lowercase());
            } else {
                self.exact.push_str(&composed);
            }
        }
        let exact = if self.exact.is_empty() {
            self.folded.as_str()
        } else {
            self.exact.as_str()
        };
        each(&Token {
            start: self.start,
            end: self.end,
            folded: &self.folded,
            exact,
        });
    }
}

/// Every word of `text`, owned: (folded, exact).
pub fn words(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    tokenize(text, |t| {
        out.push((t.folded.to_string(), t.exact.to_string()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn syllables_are_words_folded_with_their_exact_form() {
        assert_eq!(
            words("Đăng ký MỨC 2, nghị định 59/2022/NĐ-CP"),
            [
                ("dang", "đăng"),
                ("ky", "ký"),
                ("muc", "mức"),
                ("2", "2"),
                ("nghi", "nghị"),
                ("dinh", "định"),
                ("59", "59"),
                ("2022", "2022"),
                ("nd", "nđ"),
                ("cp", "cp"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn decomposed_input_gives_the_same_words_with_offsets_over_the_input() {
        let nfd: String = "Kích hoạt".nfd().collect();
        let mut seen = Vec::new();
        tokenize(&nfd, |t| {
            seen.push((
                t.folded.to_string(),
                t.exact.to_string(),
                &nfd[t.start..t.end],
            ))
        });
        assert_eq!(seen[0].0, "kich");
        assert_eq!(seen[0].1, "kích");
        assert_eq!(seen[1].2, "hoạt".nfd().collect::<String>());
    }

    #[test]
    fn long_words_are_cut_and_punctuation_splits() {
        let long = "a".repeat(100);
        assert_eq!(folded(&long), vec!["a".repeat(MAX_WORD_CHARS)]);
        assert_eq!(
            folded("vneid.gov.vn — “OTP”…"),
            ["vneid", "gov", "vn", "otp"]
        );
        assert_eq!(folded("  "), Vec::<String>::new());
    }
}
