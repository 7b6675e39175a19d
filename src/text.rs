//! Vietnamese-aware text helpers shared by every stage: folding for search,
//! slugs and answers ("Kích Hoạt" → `kich hoat`), slugs for URLs and
//! heading ids ("Kích hoạt tài khoản" → `kich-hoat-tai-khoan`), the
//! alphabetical order of the Vietnamese alphabet (a ă â b c d đ e ê …, then
//! tones: none, huyền, hỏi, ngã, sắc, nặng), Unicode normalisation and
//! control characters (removed from what is published, escaped in what is
//! printed), and "did you mean" suggestions.

use std::borrow::Cow;
use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A lowercase slug: the [folded](fold) text, runs of anything that is not
/// a letter or digit become one `-`, no `-` at either end.
pub fn slugify(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    out
}

/// `text` folded the one way search, slugs and quiz answers compare text:
/// decomposed (NFD, so composed and decomposed input are alike), every
/// combining mark removed (the five Vietnamese tones and the marks of ă â ê
/// ô ơ ư, and any other accent), đ/Đ (and the look-alike ð/Ð) made `d`,
/// then lowercased. Everything else (spaces, punctuation, digits) is kept:
/// "Đăng Ký mức 2!" → "dang ky muc 2!". The theme's search script
/// (`static/js/search.js`) folds queries with exactly the same steps
/// (`normalize("NFD")`, no `\p{M}`, d, `toLowerCase()`); a test compares the two.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return out;
    }
    if text.contains(CONTEXTUAL_LOWERCASE) {
        // Σ lowercases by its neighbours (σ or final ς): fold the string whole.
        let stripped: String = text
            .chars()
            .flat_map(|c| std::iter::once(c).nfd())
            .filter(|c| !is_combining_mark(*c))
            .map(undotted_d)
            .collect();
        return stripped.to_lowercase();
    }
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// The only character whose lowercase depends on its neighbours (in Rust's
/// `str::to_lowercase` as in JavaScript's `toLowerCase`).
const CONTEXTUAL_LOWERCASE: char = 'Σ';

fn undotted_d(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
        _ => c,
    }
}

/// Appends the [fold](fold) of one character to `out` (nothing for a
/// combining mark; Σ becomes σ). Folding a string character by character
/// gives the same as [`fold`] except for a final Σ.
pub fn fold_char(c: char, out: &mut String) {
    match fold_one(c) {
        Folded::Nothing => {}
        Folded::One(g, _) => out.push(g),
        Folded::Many => fold_char_slowly(c, out),
    }
}

/// The [fold](fold_char) of one character, when it is at most one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// A combining mark: nothing.
    Nothing,
    /// One character, and whether it is a letter or digit (Unicode
    /// Alphabetic or Numeric: what search counts as part of a word).
    One(char, bool),
    /// Several characters: use [`fold_char`].
    Many,
}

/// The fold of `c` from a table for the characters most text is made of
/// (ASCII, Latin with all of Vietnamese, Greek, Cyrillic...), so that
/// search indexes a large site without the decomposition tables.
#[inline]
pub fn fold_one(c: char) -> Folded {
    fold_and_lowercase(c).0
}

/// [`fold_one`] and [`lowercase_one`] of `c`, from one look-up.
#[inline]
pub fn fold_and_lowercase(c: char) -> (Folded, Option<char>) {
    if c.is_ascii() {
        let lower = c.to_ascii_lowercase();
        return (Folded::One(lower, c.is_ascii_alphanumeric()), Some(lower));
    }
    let i = c as usize;
    if !(FOLD_TABLE_START..FOLD_TABLE_END).contains(&i) {
        return (folded_slowly(c), lowercase_slowly(c));
    }
    let (fold, lower) = fold_table()[i - FOLD_TABLE_START];
    let folded = match fold {
        FOLDS_TO_NOTHING => Folded::Nothing,
        FOLDS_TO_MANY => Folded::Many,
        entry => match char::from_u32(entry & !WORD_FLAG) {
            Some(g) => Folded::One(g, entry & WORD_FLAG != 0),
            None => Folded::Many,
        },
    };
    (folded, char::from_u32(lower))
}

fn folded_slowly(c: char) -> Folded {
    let mut folded = String::new();
    fold_char_slowly(c, &mut folded);
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Folded::Nothing,
        (Some(g), None) => Folded::One(g, g.is_alphanumeric()),
        _ => Folded::Many,
    }
}

fn fold_char_slowly(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            out.extend(undotted_d(d).to_lowercase());
        }
    }
}

/// The lowercase of `c` when it is one character (`None` for İ, whose
/// lowercase is two), from the same table as [`fold_one`].
#[inline]
pub fn lowercase_one(c: char) -> Option<char> {
    fold_and_lowercase(c).1
}

fn lowercase_slowly(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    }
}

// The fold (with a flag for letters and digits) and the lowercase of every
// character from U+0080 to U+1FFF, computed once.
const FOLD_TABLE_START: usize = 0x80;
const FOLD_TABLE_END: usize = 0x2000;
const FOLDS_TO_NOTHING: u32 = u32::MAX;
const FOLDS_TO_MANY: u32 = u32::MAX - 1;
const WORD_FLAG: u32 = 1 << 31;
/// Not a character: the lowercase is more than one.
const LOWERCASE_MANY: u32 = u32::MAX;

fn fold_table() -> &'static [(u32, u32)] {
    static TABLE: std::sync::OnceLock<Vec<(u32, u32)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (FOLD_TABLE_START..FOLD_TABLE_END)
            .map(|i| {
                let Some(c) = char::from_u32(i as u32) else {
                    return (FOLDS_TO_MANY, LOWERCASE_MANY);
                };
                let fold = match folded_slowly(c) {
                    Folded::Nothing => FOLDS_TO_NOTHING,
                    Folded::One(g, word) => g as u32 | if word { WORD_FLAG } else { 0 },
                    Folded::Many => FOLDS_TO_MANY,
                };
                (
                    fold,
                    lowercase_slowly(c).map_or(LOWERCASE_MANY, |l| l as u32),
                )
            })
            .collect()
    })
}

/// `slug` cut to at most `max_bytes` bytes, at the last `-` that fits when
/// there is one (so a long title gives a file name of whole words).
pub fn shorten_slug(slug: &str, max_bytes: usize) -> &str {
    if slug.len() <= max_bytes {
        return slug;
    }
    let mut end = max_bytes;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(i) if i > 0 && slug[end..].starts_with(|c: char| c != '-') => &cut[..i],
        _ => cut.trim_end_matches('-'),
    }
}

/// `text` in Unicode normalisation form C (composed): the form keyboards on
/// Windows and Linux type, while macOS writes file names decomposed. Loading
/// everything in one form makes a link typed in one reach a file named in the other.
pub fn nfc(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if all_surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// True for a character that is in NFC wherever it stands, known without the
/// normalisation tables: below U+0300 (ASCII, Latin-1, Latin Extended-A and
/// B: ă đ ơ ư...), Latin Extended Additional (ạ ế ộ ự...: the rest of
/// Vietnamese) and most general punctuation (– — “ ” …). Checked against
/// the tables in a test. Vietnamese text is all such characters, so the
/// (much slower) quick check of the tables is rarely needed.
#[cfg(test)]
fn surely_nfc(c: char) -> bool {
    c < '\u{300}' || matches!(c, '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{205e}')
}

// The two scans below test the bytes without a branch per byte, which
// the compiler turns into vector code: a site of 80 MB takes milliseconds,
// where a loop over characters took a quarter of the load stage.

/// `text.chars().all(surely_nfc)`, on the bytes.
fn all_surely_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    // The first byte of a character from U+0300 on, other than U+1xxx and U+2xxx.
    let other = b.iter().fold(false, |acc, &x| {
        acc | ((x >= 0xCC) & (x != 0xE1) & (x != 0xE2))
    });
    if other {
        return false;
    }
    // U+1xxx outside U+1E00..=U+1EFF, U+2xxx outside U+2010..=U+205E.
    // Three shifted slices zipped, not `windows(3)`, which does not vectorise.
    let (b1, b2) = (
        b.get(1..).unwrap_or_default(),
        b.get(2..).unwrap_or_default(),
    );
    let outside = b.iter().zip(b1).zip(b2).fold(0u8, |acc, ((&x, &y), &z)| {
        let e1 = (x == 0xE1) & (y.wrapping_sub(0xB8) >= 4);
        let e2 = (x == 0xE2) & !(((y == 0x80) & (z >= 0x90)) | ((y == 0x81) & (z <= 0x9E)));
        acc | u8::from(e1 | e2)
    });
    outside == 0
}

/// The byte offset of the first [unwanted control character](is_unwanted_control)
/// in `text`, found on the bytes.
pub fn find_unwanted_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let c0 = |x: u8| ((x < 0x20) & (x != b'\t') & (x != b'\n') & (x != b'\r')) | (x == 0x7F);
    // U+0080..=U+009F, then U+202A..=U+202E and U+2066..=U+2069.
    let c1 = |w: &[u8]| (w[0] == 0xC2) & (w[1].wrapping_sub(0x80) < 0x20);
    let bidi = |w: &[u8]| {
        (w[0] == 0xE2)
            & (((w[1] == 0x80) & (w[2].wrapping_sub(0xAA) < 5))
                | ((w[1] == 0x81) & (w[2].wrapping_sub(0xA6) < 4)))
    };
    // First, is there any? The C0 test over every byte, without branches
    // (vectorised); the others start with 0xC2 or 0xE2, found by memchr.
    let at = |i: usize| &b[i..(i + 3).min(b.len())];
    let any = b.iter().fold(0u8, |acc, &x| acc | u8::from(c0(x))) != 0
        || memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| {
            let w = at(i);
            (w.len() >= 2 && c1(w)) || (w.len() == 3 && bidi(w))
        });
    if !any {
        return None;
    }
    (0..b.len()).find(|&i| {
        let w = at(i);
        c0(w[0]) || (w.len() >= 2 && c1(w)) || (w.len() == 3 && bidi(w))
    })
}

/// A control character that must not reach a page or the terminal: the C0
/// and C1 controls and DEL, except tab, line feed and carriage return, and
/// the invisible marks that reverse the direction of text.
pub fn is_unwanted_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` without [unwanted control characters](is_unwanted_control); `None`
/// when it had none.
pub fn without_controls(text: &str) -> Option<String> {
    find_unwanted_control(text).map(|_| text.chars().filter(|c| !is_unwanted_control(*c)).collect())
}

/// `text` made safe to print on a terminal: every control character
/// (line feeds included) written as an escape such as `\x1b` or `\u{202e}`,
/// so a file name or a title cannot move the cursor, retitle or clear the
/// terminal, or start a line of its own.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.contains(|c: char| c.is_control() || is_unwanted_control(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || is_unwanted_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// "did you mean `weight`?" when `key` is close to a known key (at most two
/// edits, or Jaro-Winkler above 0.85), else the list of known keys.
pub fn did_you_mean(key: &str, known: &[&str]) -> String {
    let best = known
        .iter()
        .filter(|k| could_be_close(key, k))
        .map(|k| (strsim::osa_distance(key, k), *k))
        .min();
    match best {
        Some((dist, k)) if dist <= 2 || strsim::jaro_winkler(key, k) > 0.85 => {
            format!("did you mean `{k}`?")
        }
        _ => format!("known keys: {}", known.join(", ")),
    }
}

/// False only when `a` and `b` can be neither two edits apart nor similar
/// by Jaro-Winkler, judged from the letters they share (a cheap test that
/// spares the distances for the thousands of keys of a hostile file).
/// Each edit loses at most one shared letter, so two edits need
/// `shared >= longest - 2`; Jaro-Winkler above 0.85 needs Jaro above 0.75,
/// so `shared/|a| + shared/|b| > 1.25`.
fn could_be_close(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    let mut counts = [0i32; 128];
    for c in a.bytes() {
        counts[usize::from(c)] += 1;
    }
    let shared = b
        .bytes()
        .filter(|&c| {
            let n = &mut counts[usize::from(c)];
            *n -= 1;
            *n >= 0
        })
        .count();
    let (la, lb) = (a.len(), b.len());
    shared + 2 >= la.max(lb) || shared as f64 / la as f64 + shared as f64 / lb as f64 > 1.25
}

/// A count with thousands separators, as the summary prints it: `1,447`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
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
    // Most letters of a title are ASCII: no case mapping or decomposition
    // to look up (every title of a site is keyed, before anything renders).
    if c.is_ascii() {
        return weigh(c.to_ascii_lowercase(), 0, 0, c.is_ascii_uppercase());
    }
    composed_collation_parts(c)
}

/// [`collation_parts`] by lowercasing and decomposing `c`: right for every
/// character.
fn composed_collation_parts(c: char) -> (u32, u8, bool) {
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
    weigh(base, variant, tone, upper)
}

/// The weights of a letter `base` (lowercase, without marks), its
/// `variant` (ă â ê ô ơ ư đ) and `tone`.
fn weigh(base: char, variant: u32, tone: u8, upper: bool) -> (u32, u8, bool) {
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
    fn ascii_collation_parts_are_those_of_the_full_mapping() {
        for c in (0u8..128).map(char::from) {
            assert_eq!(collation_parts(c), composed_collation_parts(c), "{c:?}");
        }
    }

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
    fn long_slugs_are_cut_at_a_word() {
        assert_eq!(shorten_slug("kich-hoat", 80), "kich-hoat");
        assert_eq!(shorten_slug("kich-hoat-tai-khoan", 12), "kich-hoat");
        assert_eq!(shorten_slug("kich-hoat-tai-khoan", 9), "kich-hoat");
        assert_eq!(shorten_slug("kich-hoat-tai-khoan", 10), "kich-hoat");
        assert_eq!(shorten_slug("abcdefghij", 4), "abcd");
        // Never inside a multi-byte character.
        assert_eq!(shorten_slug("中文中文", 7), "中文");
    }

    #[test]
    fn normalises_to_composed_form() {
        let decomposed = "Bài học".nfd().collect::<String>();
        assert_ne!(decomposed, "Bài học");
        assert_eq!(nfc(&decomposed), "Bài học");
        assert!(matches!(nfc("Bài học"), Cow::Borrowed(_)));
    }

    #[test]
    fn characters_taken_as_nfc_without_the_tables_are() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in ('\0'..='\u{2100}').filter(|&c| surely_nfc(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(!surely_nfc('\u{301}') && !surely_nfc('\u{2000}'));
    }

    #[test]
    fn byte_scans_agree_with_the_character_tests() {
        let all: Vec<char> = ('\0'..='\u{3000}')
            .chain(['\u{1f600}', '\u{feff}', '\u{fb01}'])
            .collect();
        for &c in &all {
            let text = format!("a{c}b");
            assert_eq!(all_surely_nfc(&text), surely_nfc(c), "{c:?}");
            assert_eq!(
                find_unwanted_control(&text),
                is_unwanted_control(c).then_some(1),
                "{c:?}"
            );
        }
        let text = "Cài đặt “VNeID” – bước 1…";
        assert!(all_surely_nfc(text));
        assert_eq!(find_unwanted_control(text), None);
        // At every place in a long text, and at the very end.
        for c in ['\0', '\u{1b}', '\u{85}', '\u{202e}', '\u{2066}'] {
            for at in 0..200 {
                let text = format!("{}{c}{}", "a".repeat(at), "ă".repeat(at % 3));
                assert_eq!(find_unwanted_control(&text), Some(at), "{c:?} at {at}");
            }
        }
        let clean = format!("{}ừ\u{2029}", "b ".repeat(100));
        assert_eq!(find_unwanted_control(&clean), None);
    }

    #[test]
    fn control_characters() {
        for c in ('\0'..='\u{ff}').filter(|c| *c != '\t' && *c != '\n' && *c != '\r') {
            assert_eq!(is_unwanted_control(c), c.is_control(), "{c:?}");
        }
        assert_eq!(
            without_controls("a\0b\x1b[2Jc\td"),
            Some("ab[2Jc\td".to_string())
        );
        assert_eq!(
            without_controls("Bài\u{202e}học"),
            Some("Bàihọc".to_string())
        );
        assert_eq!(without_controls("Bài học\n"), None);
        assert_eq!(
            escape_controls("a\x1b]0;x\x07\nBuilt into\u{9b}"),
            "a\\x1b]0;x\\x07\\nBuilt into\\u{9b}"
        );
        assert!(matches!(escape_controls("Bài học"), Cow::Borrowed(_)));
    }

    #[test]
    fn suggestions() {
        let known = &["title", "weight", "draft"];
        assert_eq!(did_you_mean("wieght", known), "did you mean `weight`?");
        assert_eq!(did_you_mean("titel", known), "did you mean `title`?");
        assert_eq!(
            did_you_mean("xyzzy", known),
            "known keys: title, weight, draft"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1447), "1,447");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn the_fold_table_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{3000}').chain(['\u{1d4b3}', '\u{ff21}', '\u{10400}']) {
            let (folded, lower) = fold_and_lowercase(c);
            assert_eq!(folded, folded_slowly(c), "{c:?}");
            assert_eq!(lower, lowercase_slowly(c), "{c:?}");
            let mut one = String::new();
            fold_char(c, &mut one);
            assert_eq!(one, fold(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn folding_removes_every_mark_and_case() {
        assert_eq!(fold("Đường ưu ơn ÂM ăn ÊM ôm"), "duong uu on am an em om");
        assert_eq!(fold("ma mà mả mã má mạ MẠ"), "ma ma ma ma ma ma ma");
        let nfd: String = "Kích Hoạt".nfd().collect();
        assert_eq!(fold(&nfd), "kich hoat");
        assert_eq!(fold("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
        assert_eq!(fold("KIỂM TRA"), "kiem tra");
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
