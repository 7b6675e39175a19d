//! The font share cards are drawn with, compiled into the binary: Be Vietnam
//! Pro in two weights (see `assets/fonts/README.md` for where it comes from
//! and its licence). This module measures text with it and says which
//! characters it cannot draw.

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
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

/// What the layout needs of one glyph, in em.
#[derive(Debug, Clone, Copy, Default)]
struct Glyph {
    advance: f64,
    top: f64,
    bottom: f64,
}

/// One face, ready to measure: every character it maps, with its glyph's
/// advance and height, read once from the font (a card is laid out twice
/// per page on every build, cached or not, so lookups must be cheap).
pub(crate) struct Face {
    /// By character, sorted (a binary search is quicker than hashing here).
    glyphs: Vec<(char, Glyph)>,
    /// The glyph drawn for a character the font lacks.
    missing: Glyph,
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
        let em = f64::from(head.units_per_em());
        let glyph = |id: GlyphId| {
            let bounds = metrics.bounds(id).unwrap_or_default();
            Glyph {
                advance: f64::from(metrics.advance_width(id).unwrap_or(0.0)) / em,
                top: f64::from(bounds.y_max) / em,
                bottom: -f64::from(bounds.y_min) / em,
            }
        };
        let mut glyphs: Vec<(char, Glyph)> = font
            .charmap()
            .mappings()
            .filter_map(|(code, id)| Some((char::from_u32(code)?, glyph(id))))
            .collect();
        glyphs.sort_by_key(|(c, _)| *c);
        Face {
            glyphs,
            missing: glyph(GlyphId::NOTDEF),
            top: f64::from(head.y_max()) / em,
            bottom: -f64::from(head.y_min()) / em,
        }
    }

    fn glyph(&self, c: char) -> &Glyph {
        match self.glyphs.binary_search_by_key(&c, |(k, _)| *k) {
            Ok(i) => &self.glyphs[i].1,
            Err(_) => &self.missing,
        }
    }

    /// True when the font has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        c.is_whitespace()
            || is_invisible(c)
            || self.glyphs.binary_search_by_key(&c, |(k, _)| *k).is_ok()
    }

    /// Width of `text` at a size of 1 (in em), without kerning. A character
    /// the font lacks counts as the width of its fallback glyph.
    pub(crate) fn width(&self, text: &str) -> f64 {
        text.chars().map(|c| self.glyph(c).advance).sum()
    }

    /// How far the glyphs of `text` reach above and below the baseline,
    /// at a size of 1 (in em): a line with "Ỗ" reaches higher than one with "o".
    pub(crate) fn ink(&self, text: &str) -> (f64, f64) {
        text.chars().fold((0.0f64, 0.0f64), |(top, bottom), c| {
            let g = self.glyph(c);
            (top.max(g.top), bottom.max(g.bottom))
        })
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

/// The characters of `text` the font cannot draw, each once, in order.
/// Both faces map the same characters (a test checks it).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !face(Weight::Bold).has(c) && !missing.contains(&c) {
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
    fn both_faces_draw_the_same_letters() {
        let chars = |w| {
            face(w)
                .glyphs
                .iter()
                .map(|(c, _)| *c)
                .collect::<Vec<char>>()
        };
        assert_eq!(chars(Weight::Bold), chars(Weight::Medium));
        assert!(chars(Weight::Bold).len() > 400);
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
