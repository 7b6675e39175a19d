//! Vietnamese-aware text helpers shared by every stage: slugs for URLs and
//! heading ids ("Kích hoạt tài khoản" → `kich-hoat-tai-khoan`), and the
//! alphabetical order of the Vietnamese alphabet (a ă â b c d đ e ê …, then
//! tones: none, huyền, hỏi, ngã, sắc, nặng).

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A lowercase slug: diacritics removed, đ → d, runs of anything that is not
/// a letter or digit become one `-`, no `-` at either end.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    out
}

/// Removes Vietnamese diacritics but keeps case and punctuation ("Đăng ký" → "Dang ky").
pub fn strip_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

/// Compares two strings in Vietnamese alphabetical order, ignoring case
/// first, then tones, then case, then code points (so the order is total).
pub fn vi_cmp(a: &str, b: &str) -> Ordering {
    let (ka, kb) = (SortKey::new(a), SortKey::new(b));
    ka.cmp(&kb).then_with(|| a.cmp(b))
}

/// A precomputed key for [`vi_cmp`], for sorting many strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    case: Vec<bool>,
}

impl SortKey {
    /// The key of one string.
    pub fn new(text: &str) -> Self {
        let mut key = SortKey {
            letters: Vec::with_capacity(text.len()),
            tones: Vec::new(),
            case: Vec::new(),
        };
        for c in text.chars() {
            let (letter, tone, upper) = collation_parts(c);
            key.letters.push(letter);
            key.tones.push(tone);
            key.case.push(upper);
        }
        key
    }
}

// Marks that make a different letter (ă â ê ô ơ ư), not a tone.
const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

fn tone_of(mark: char) -> Option<u8> {
    Some(match mark {
        '\u{300}' => 1, // huyền
        '\u{309}' => 2, // hỏi
        '\u{303}' => 3, // ngã
        '\u{301}' => 4, // sắc
        '\u{323}' => 5, // nặng
        _ => return None,
    })
}

/// (primary letter weight, tone, is uppercase) of one character.
fn collation_parts(c: char) -> (u32, u8, bool) {
    let upper = c.is_uppercase();
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower == 'đ' {
        return (letter_weight('d', 1), 0, upper);
    }
    let mut chars = std::iter::once(lower).nfd();
    let base = chars.next().unwrap_or(lower);
    let mut variant = 0;
    let mut tone = 0;
    for m in chars {
        if let Some(t) = tone_of(m) {
            tone = t;
        } else {
            variant = match (base, m) {
                ('a', BREVE) => 1,
                ('a', CIRCUMFLEX) => 2,
                ('e', CIRCUMFLEX) | ('o', CIRCUMFLEX) => 1,
                ('o', HORN) => 2,
                ('u', HORN) => 1,
                _ => variant,
            };
        }
    }
    if base.is_ascii_lowercase() {
        (letter_weight(base, variant), tone, upper)
    } else if base.is_ascii_digit() {
        (0x100 + base as u32, tone, upper)
    } else if base.is_whitespace() || base.is_ascii_punctuation() {
        // Separators sort before everything, so "An" comes before "Anh".
        (base as u32 % 0x80, tone, upper)
    } else {
        (0x10000 + base as u32, tone, upper)
    }
}

fn letter_weight(base: char, variant: u32) -> u32 {
    0x200 + (base as u32 - 'a' as u32) * 4 + variant
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_slugs() {
        assert_eq!(slugify("Kích hoạt tài khoản"), "kich-hoat-tai-khoan");
        assert_eq!(slugify("Đăng ký mức 2"), "dang-ky-muc-2");
        assert_eq!(slugify("  Bước 1: Tải ứng dụng!  "), "buoc-1-tai-ung-dung");
        assert_eq!(
            slugify("Nghị định 59/2022/NĐ-CP"),
            "nghi-dinh-59-2022-nd-cp"
        );
        assert_eq!(slugify("ỨNG DỤNG VNeID"), "ung-dung-vneid");
        assert_eq!(slugify("Quyền lợi (Điều 13)"), "quyen-loi-dieu-13");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn strips_diacritics_keeping_case() {
        assert_eq!(strip_diacritics("Đăng ký Kích hoạt"), "Dang ky Kich hoat");
    }

    #[test]
    fn vietnamese_alphabet_order() {
        let mut words = vec!["đọc", "dễ", "ăn", "bé", "an", "âm", "ô", "ơ", "o", "ư", "u"];
        words.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(
            words,
            vec!["an", "ăn", "âm", "bé", "dễ", "đọc", "o", "ô", "ơ", "u", "ư"]
        );
    }

    #[test]
    fn tones_order_after_letters() {
        let mut words = vec!["má", "mạ", "mà", "ma", "mã", "mả", "mác"];
        words.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(words, vec!["ma", "mà", "mả", "mã", "má", "mạ", "mác"]);
    }

    #[test]
    fn case_is_secondary_and_prefixes_come_first() {
        assert_eq!(vi_cmp("An", "anh"), Ordering::Less);
        assert_eq!(vi_cmp("Bài 2", "Bài 10"), Ordering::Greater);
        assert_eq!(vi_cmp("bài", "Bài"), Ordering::Less);
    }
}
