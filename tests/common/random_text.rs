//! Random text for the tests that compare the Rust side with the theme's
//! JavaScript: Vietnamese letters and words, composed and decomposed, from
//! a small deterministic generator (the same strings on every run).

use unicode_normalization::UnicodeNormalization;

/// A small deterministic generator (64-bit LCG).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Every Vietnamese letter, lower and upper case, composed.
pub(crate) fn vietnamese_letters() -> Vec<char> {
    let lower =
        "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    lower
        .chars()
        .flat_map(|c| {
            let upper: Vec<char> = c.to_uppercase().collect();
            std::iter::once(c).chain(upper)
        })
        .collect()
}

/// Random strings: Vietnamese words (composed or decomposed, mixed case),
/// spaces and punctuation, digits, and now and then a character of another
/// script or a lone combining mark.
pub(crate) fn random_strings(n: usize) -> Vec<String> {
    let letters = vietnamese_letters();
    let others: Vec<char> = "ΣσςΑθЖжİıßẞﬁÅKǅǄðÐ中文한글😀\u{301}\u{323}\u{309}\u{303}\u{300}\u{302}\u{306}\u{31b}\u{200d}\u{a0}"
        .chars()
        .collect();
    let separators = [
        " ", "  ", ", ", ".", "-", "/", "“", "”", "…", "\n", "'", "’",
    ];
    let mut rng = Rng(0x5eed);
    (0..n)
        .map(|_| {
            let mut s = String::new();
            for _ in 0..1 + rng.below(8) {
                let len = 1 + rng.below(7);
                for _ in 0..len {
                    match rng.below(20) {
                        0 => s.push(others[rng.below(others.len())]),
                        1 => s.push(char::from(b'0' + rng.below(10) as u8)),
                        _ => s.push(letters[rng.below(letters.len())]),
                    }
                }
                s.push_str(separators[rng.below(separators.len())]);
            }
            if rng.below(3) == 0 {
                s = s.nfd().collect();
            }
            s
        })
        .collect()
}
