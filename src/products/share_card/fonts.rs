//! The font share cards are drawn with, compiled into the binary: Be Vietnam
//! Pro in two weights (see `assets/fonts/README.md` for where it comes from
//! and its licence). This module measures text with it and says which
//! characters it cannot draw.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};
use std::sync::OnceLock;

/// The family name templates write in `font-family`.
pub const FAMILY: &str = "Be Vietnam Pro";

/// The bold face (700): titles, the lesson number.
pub(crate) static BOLD: &[u8] = include_bytes!("../../../assets/fonts/BeVietnamPro-Bold.ttf");
/// The medium face (500): the course name, the organisation.
pub(crate) static MEDIUM: &[u8] = include_bytes!("../../../assets/fonts/BeVietnamPro-Medium.ttf");

/// A weight of the font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// 500.
    Medium,
    /// 700.
    Bold,
}

/// One face, ready to measure.
pub(crate) struct Face {
    font: FontRef<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f64,
    /// Highest point of any glyph above the baseline, in em.
    pub(crate) top: f64,
    /// Lowest point of any glyph below the baseline, in em (positive).
    pub(crate) bottom: f64,
}

impl Face {
    fn new(bytes: &'static [u8]) -> Face {
        // The bytes are compiled in and checked by the tests: a failure here is a broken build of baihoc.
        let font = FontRef::new(bytes).expect("the embedded share card font is a valid font");
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let head = font.head().expect("the embedded font has a head table");
        let units_per_em = f64::from(head.units_per_em());
        Face {
            top: f64::from(head.y_max()) / units_per_em,
            bottom: -f64::from(head.y_min()) / units_per_em,
            font,
            metrics,
            units_per_em,
        }
    }

    /// True when the font has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        c.is_whitespace() || is_invisible(c) || self.font.charmap().map(c).is_some()
    }

    /// Width of `text` at a size of 1 (in em), without kerning. A character
    /// the font lacks counts as the width of its fallback glyph.
    pub(crate) fn width(&self, text: &str) -> f64 {
        let charmap = self.font.charmap();
        let units: f64 = text
            .chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                f64::from(self.metrics.advance_width(glyph).unwrap_or(0.0))
            })
            .sum();
        units / self.units_per_em
    }
}

impl Face {
    /// How far the glyphs of `text` reach above and below the baseline,
    /// at a size of 1 (in em): a line with "Ỗ" reaches higher than one with "o".
    pub(crate) fn ink(&self, text: &str) -> (f64, f64) {
        let charmap = self.font.charmap();
        let (mut top, mut bottom) = (0.0f64, 0.0f64);
        for c in text.chars() {
            let glyph = charmap.map(c).unwrap_or_default();
            if let Some(b) = self.metrics.bounds(glyph) {
                top = top.max(f64::from(b.y_max));
                bottom = bottom.max(-f64::from(b.y_min));
            }
        }
        (top / self.units_per_em, bottom / self.units_per_em)
    }
}

/// Characters that draw nothing and need no glyph.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Both faces, loaded once.
pub(crate) fn face(weight: Weight) -> &'static Face {
    static FACES: OnceLock<(Face, Face)> = OnceLock::new();
    let (medium, bold) = FACES.get_or_init(|| (Face::new(MEDIUM), Face::new(BOLD)));
    match weight {
        Weight::Medium => medium,
        Weight::Bold => bold,
    }
}

/// The characters of `text` that one of the faces cannot draw, each once, in order.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        let drawable = face(Weight::Bold).has(c) && face(Weight::Medium).has(c);
        if !drawable && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// A hash of the font files, part of every card's cache key.
pub(crate) fn fingerprint() -> u64 {
    static HASH: OnceLock<u64> = OnceLock::new();
    *HASH.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(BOLD);
        h.update(MEDIUM);
        h.digest()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_is_drawn() {
        let lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let all: String = lower.chars().chain(lower.to_uppercase().chars()).collect();
        assert_eq!(missing_glyphs(&all), Vec::<char>::new());
        assert_eq!(
            missing_glyphs("“Bài 1” – 45 phút… (mức 2)? ₫"),
            Vec::<char>::new()
        );
        assert_eq!(missing_glyphs("Học 中文 😀 中"), vec!['中', '文', '😀']);
    }

    #[test]
    fn widths_grow_with_text_and_stacked_marks_fit_the_font_box() {
        let bold = face(Weight::Bold);
        assert!(bold.width("Bài học") > bold.width("Bài"));
        assert!(bold.width("W") > bold.width("i"));
        // Ẳ reaches higher than any plain capital: the font box covers it.
        assert!(
            bold.top >= 1.2 && bold.bottom >= 0.25,
            "{} {}",
            bold.top,
            bold.bottom
        );
        let (plain, _) = bold.ink("ao");
        let (stacked, _) = bold.ink("aẲo");
        let (_, descent) = bold.ink("gỵ");
        assert!(
            plain < 0.6 && stacked > 1.1 && stacked <= bold.top,
            "{plain} {stacked}"
        );
        assert!(descent > 0.2 && descent <= bold.bottom, "{descent}");
    }
}
