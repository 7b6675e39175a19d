//! Words as search sees them, the same at build time (here) and in the
//! reader's browser (`tokens` in the theme's `static/js/search.js`, which
//! follows these steps one for one; a test compares the two): every
//! character is [folded](crate::text::fold_char); a word is a run of folded
//! letters and digits (Unicode Alphabetic or Numeric); a combining mark
//! belongs to the word it follows. Vietnamese words are syllables, so
//! "đăng ký" is two words, `dang` and `ky`. Each word also keeps its exact
//! form (lowercase, composed), so that a query typed with diacritics can
//! rank "mức" above "mục".

use crate::text::{Folded, fold_and_lowercase, fold_char, lowercase_one};

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
pub fn tokenize(text: &str, each: impl FnMut(&Token<'_>)) {
    scan::<true>(text, each);
}

/// [`tokenize`] without the folded form (`folded` is empty; it is always
/// [`fold_word`] of `exact`): what the index needs for every word of a site,
/// folding only the forms it has not seen yet.
pub fn tokenize_exact(text: &str, each: impl FnMut(&Token<'_>)) {
    scan::<false>(text, each);
}

/// The folded form of a word's exact form.
pub fn fold_word(exact: &str, out: &mut String) {
    for c in exact.chars() {
        fold_char(c, out);
    }
}

// What a character below U+2000 is to a word, when its folded form is not
// needed: the index reads every word of a site, so this saves it a look-up
// of the fold and of the lowercase for every letter.
const SEPARATOR: u8 = 0;
const PLAIN: u8 = 1;
const PLAIN_UPPER: u8 = 2;
const OTHER: u8 = 3;
const CLASSES_END: usize = 0x2000;

fn classes() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..CLASSES_END as u32)
            .map(|i| match char::from_u32(i) {
                Some(c) => match fold_and_lowercase(c) {
                    (Folded::One(_, false), _) => SEPARATOR,
                    (Folded::One(_, true), Some(l)) if plainly_composed(c) => {
                        if l == c {
                            PLAIN
                        } else {
                            PLAIN_UPPER
                        }
                    }
                    _ => OTHER,
                },
                None => OTHER,
            })
            .collect()
    })
}

fn scan<const FOLD: bool>(text: &str, mut each: impl FnMut(&Token<'_>)) {
    let mut w = Word::default();
    let mut buf = String::new();
    let classes = classes();
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                let l = c.to_ascii_lowercase();
                w.push::<FOLD>(l, l != c, i, 1);
            } else if w.open {
                w.finish::<FOLD>(text, &mut each);
            }
            continue;
        }
        if !FOLD && (c as usize) < CLASSES_END {
            match classes[c as usize] {
                PLAIN => {
                    w.push::<false>(c, false, i, c.len_utf8());
                    continue;
                }
                PLAIN_UPPER => {
                    w.push::<false>(c, true, i, c.len_utf8());
                    continue;
                }
                SEPARATOR => {
                    w.finish::<false>(text, &mut each);
                    continue;
                }
                _ => {}
            }
        }
        match fold_and_lowercase(c) {
            (Folded::One(g, true), Some(l)) if plainly_composed(c) => {
                w.push::<FOLD>(g, l != c, i, c.len_utf8());
            }
            (Folded::One(g, true), _) => {
                w.push::<FOLD>(g, false, i, c.len_utf8());
                w.slow = true;
            }
            (Folded::One(_, false), _) => w.finish::<FOLD>(text, &mut each),
            // A combining mark: part of the word it follows.
            (Folded::Nothing, _) => {
                if w.open {
                    w.slow = true;
                    w.end = i + c.len_utf8();
                }
            }
            (Folded::Many, _) => {
                buf.clear();
                fold_char(c, &mut buf);
                for g in buf.chars() {
                    if is_word_char(g) {
                        if !w.open {
                            w.begin(i);
                        }
                        w.add_folded::<FOLD>(g);
                        w.slow = true;
                    } else {
                        w.finish::<FOLD>(text, &mut each);
                    }
                }
                if w.open {
                    w.end = i + c.len_utf8();
                }
            }
        }
    }
    w.finish::<FOLD>(text, &mut each);
}

/// Characters that are composed (NFC) wherever they stand: Latin to U+02FF
/// and Latin Extended Additional (all of Vietnamese). Any other may compose
/// with its neighbours: its word's exact form is made the slow way.
#[inline]
fn plainly_composed(c: char) -> bool {
    c < '\u{300}' || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// The word being read.
#[derive(Default)]
struct Word {
    open: bool,
    start: usize,
    end: usize,
    /// Folded letters (with `FOLD` only).
    folded: String,
    chars: usize,
    cut: bool,
    /// An uppercase letter: the exact form is the text lowercased.
    upper: bool,
    /// A mark or an odd character: the exact form is made from the text
    /// composed (NFC), then lowercased.
    slow: bool,
    exact: String,
}

impl Word {
    /// Adds a letter of the word at `at` (`len` bytes): `g` folded.
    #[inline]
    fn push<const FOLD: bool>(&mut self, g: char, upper: bool, at: usize, len: usize) {
        if !self.open {
            self.begin(at);
        }
        self.add_folded::<FOLD>(g);
        self.upper |= upper;
        self.end = at + len;
    }

    #[inline]
    fn add_folded<const FOLD: bool>(&mut self, g: char) {
        if self.chars < MAX_WORD_CHARS {
            if FOLD {
                self.folded.push(g);
            }
            self.chars += 1;
        } else {
            self.cut = true;
        }
    }

    fn begin(&mut self, at: usize) {
        self.open = true;
        self.start = at;
        self.folded.clear();
        self.chars = 0;
        self.cut = false;
        self.upper = false;
        self.slow = false;
    }

    #[inline]
    fn finish<const FOLD: bool>(&mut self, text: &str, each: &mut impl FnMut(&Token<'_>)) {
        if !self.open {
            return;
        }
        self.open = false;
        let raw = &text[self.start..self.end];
        // The exact form: composed, each character lowercased on its own
        // (so that it always folds to `folded`); a word cut short is only
        // its folded letters.
        let exact = if self.cut {
            if !FOLD {
                self.folded.clear();
                let mut all = String::new();
                fold_word(raw, &mut all);
                self.folded.extend(
                    all.chars()
                        .filter(|&g| is_word_char(g))
                        .take(MAX_WORD_CHARS),
                );
            }
            self.folded.as_str()
        } else if self.slow {
            self.exact.clear();
            for c in crate::text::nfc(raw).chars() {
                self.exact.extend(c.to_lowercase());
            }
            self.exact.as_str()
        } else if self.upper {
            self.exact.clear();
            self.exact
                .extend(raw.chars().map(|c| lowercase_one(c).unwrap_or(c)));
            self.exact.as_str()
        } else {
            raw
        };
        let folded = if FOLD || self.cut {
            self.folded.as_str()
        } else {
            ""
        };
        each(&Token {
            start: self.start,
            end: self.end,
            folded,
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
    fn words_without_their_folded_form_are_the_same_words() {
        let texts = [
            "Đăng ký MỨC 2, nghị định 59/2022/NĐ-CP",
            "ΟΔΥΣΣΕΥΣ İstanbul ǅemal ﬁle Å K \u{301}đầu",
            &"Kích hoạt tài khoản".nfd().collect::<String>(),
            &format!("{}ế {}", "Ư".repeat(50), "a".repeat(41)),
        ];
        for text in texts {
            let mut full = Vec::new();
            tokenize(text, |t| {
                full.push((t.start, t.end, t.exact.to_string(), t.folded.to_string()))
            });
            let mut lean = Vec::new();
            tokenize_exact(text, |t| {
                let mut folded = String::new();
                fold_word(t.exact, &mut folded);
                lean.push((t.start, t.end, t.exact.to_string(), folded));
            });
            assert_eq!(full, lean, "{text}");
        }
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
