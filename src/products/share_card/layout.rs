//! What a share card shows and where its text goes: the card's view for
//! the SVG template ([`CardView`]), with every text already fitted to its
//! box: a long title wraps onto balanced lines and shrinks, down to a
//! size still readable in a small thumbnail, and only then is cut with
//! "…". The boxes are fixed here and documented in the template, which
//! decides where to put them.

use super::fonts::{self, Weight};
use serde::Serialize;
use std::borrow::Cow;

/// Width of a card in pixels (what Facebook and Zalo ask for).
pub const WIDTH: u32 = 1200;
/// Height of a card in pixels.
pub const HEIGHT: u32 = 630;
/// No text is drawn closer than this to an edge of the card: the safe area
/// is the card less this margin on every side.
pub const SAFE_MARGIN: u32 = 60;

/// How one text is fitted: the box it must stay in and the sizes it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Width of the box, px.
    pub(crate) width: f64,
    /// Height of the box, px (from the top of the highest glyph the font
    /// has to the bottom of the lowest).
    pub(crate) height: f64,
    /// Largest font size, px.
    pub(crate) max_size: f64,
    /// Smallest font size, px: below it a thumbnail is unreadable.
    pub(crate) min_size: f64,
    /// Least distance between baselines, as a multiple of the size (more
    /// where tone marks would touch the line above).
    pub(crate) line_height: f64,
    /// Most lines.
    pub(crate) max_lines: usize,
    /// Weight of the font.
    pub(crate) weight: Weight,
}

/// The title's box: the whole safe width, between the label and the footer.
pub(crate) const TITLE: Spec = Spec {
    width: 1080.0,
    height: 292.0,
    max_size: 76.0,
    min_size: 44.0,
    line_height: 1.2,
    max_lines: 4,
    weight: Weight::Bold,
};

/// The label above the title ("Bài 3").
pub(crate) const LABEL: Spec = Spec {
    width: 980.0,
    height: 60.0,
    max_size: 34.0,
    min_size: 24.0,
    line_height: 1.2,
    max_lines: 1,
    weight: Weight::Bold,
};

/// The course name, in the footer.
pub(crate) const COURSE: Spec = Spec {
    width: 1080.0,
    height: 48.0,
    max_size: 30.0,
    min_size: 22.0,
    line_height: 1.2,
    max_lines: 1,
    weight: Weight::Bold,
};

/// The organisation, under the course name.
pub(crate) const ORGANISATION: Spec = Spec {
    width: 1080.0,
    height: 40.0,
    max_size: 26.0,
    min_size: 20.0,
    line_height: 1.2,
    max_lines: 1,
    weight: Weight::Medium,
};

/// Measured widths run this much short of the box: the font's kerning,
/// which measuring leaves out, may make a line slightly wider when drawn.
const SLACK: f64 = 0.97;

/// One line of a fitted text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineView {
    /// Its text.
    pub text: String,
    /// Its baseline, from the top of the text's box, px.
    pub baseline: f64,
    /// Its measured width, px.
    pub width: f64,
}

/// A text fitted to its box.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TextView {
    /// The whole text (its first 600 characters at most), spaces collapsed.
    pub text: String,
    /// Its lines.
    pub lines: Vec<LineView>,
    /// Font size, px.
    pub size: f64,
    /// Distance between baselines, px.
    pub line_height: f64,
    /// Height of the lines from the top of the highest glyph the font has
    /// to the bottom of the lowest, px: never more than the box's height.
    pub height: f64,
    /// The box's width, px.
    pub box_width: f64,
    /// The box's height, px.
    pub box_height: f64,
    /// True when even the smallest size could not hold it all, and it ends with "…".
    pub cut: bool,
}

/// What a card shows, as its SVG template sees it (`card`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardView {
    /// `home`, `section` or `page`.
    pub kind: &'static str,
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// The margin kept free on every side, px.
    pub margin: u32,
    /// The font family to write in `font-family`.
    pub font: &'static str,
    /// "Bài 3" for a lesson, "4 bài học" for a section or the home page.
    pub label: Option<TextView>,
    /// The page's title.
    pub title: TextView,
    /// The course's title.
    pub course: TextView,
    /// Who publishes the course (`organisation` in site.yaml).
    pub organisation: Option<TextView>,
}

/// What a card is made from.
pub(crate) struct CardText<'a> {
    pub(crate) kind: &'static str,
    pub(crate) label: Option<String>,
    pub(crate) title: Cow<'a, str>,
    pub(crate) course: Cow<'a, str>,
    pub(crate) organisation: Option<Cow<'a, str>>,
}

impl CardView {
    /// Lays out a card.
    pub(crate) fn new(text: &CardText<'_>) -> CardView {
        CardView {
            kind: text.kind,
            width: WIDTH,
            height: HEIGHT,
            margin: SAFE_MARGIN,
            font: fonts::FAMILY,
            label: text.label.as_deref().map(|l| fit(l, &LABEL)),
            title: fit(&text.title, &TITLE),
            course: fit(&text.course, &COURSE),
            organisation: text
                .organisation
                .as_deref()
                .filter(|o| !o.trim().is_empty())
                .map(|o| fit(o, &ORGANISATION)),
        }
    }
}

/// The most characters of one text that are measured: more than any box
/// holds at its smallest size (a line of 1080 px holds about 90 of the
/// narrowest letters at 44 px, and a box at most 4 lines).
const MAX_CHARS: usize = 600;

/// A word and its width at size 1.
struct Word<'a> {
    text: &'a str,
    width: f64,
}

/// Fits `text` (whitespace collapsed) to the box of `spec`: the largest
/// size, in steps of 2 px, whose lines fit; then balanced lines. When
/// nothing fits, the smallest size, cut with "…" on its last line.
pub(crate) fn fit(text: &str, spec: &Spec) -> TextView {
    let face = fonts::face(spec.weight);
    // More than a box can hold at its smallest size: a title of megabytes
    // is measured no further than this.
    let shown = match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let text = shown;
    let words: Vec<Word<'_>> = text
        .split_whitespace()
        .map(|w| Word {
            text: w,
            width: face.width(w),
        })
        .collect();
    let space = face.width(" ");
    let mut size = spec.max_size;
    while size >= spec.min_size {
        let width = spec.width * SLACK / size;
        let lines = wrap(&words, space, width, face);
        if lines.len() <= spec.max_lines {
            let lines = balance(&words, space, width, lines, face);
            let ratio = line_ratio(&lines, spec, face);
            if block_height(lines.len(), ratio, face) * size <= spec.height {
                return view(text, lines, size, ratio, spec, false);
            }
        }
        size -= 2.0;
    }
    let size = spec.min_size;
    let width = spec.width * SLACK / size;
    let mut lines = wrap(&words, space, width, face);
    let all = lines.len();
    // The most lines that fit, with the spacing they need.
    while lines.len() > 1
        && (lines.len() > spec.max_lines
            || block_height(lines.len(), line_ratio(&lines, spec, face), face) * size > spec.height)
    {
        lines.pop();
    }
    let cut = lines.len() < all;
    if cut && let Some(last) = lines.last_mut() {
        *last = with_ellipsis(last, width, face);
    }
    let ratio = line_ratio(&lines, spec, face);
    view(text, lines, size, ratio, spec, cut)
}

/// Room kept between the lowest glyph of a line and the highest of the
/// next, in em.
const LINE_GAP: f64 = 0.04;

/// Distance between baselines as a multiple of the size: the spec's, or
/// more where a line's tone marks (Ổ, Ẵ) would touch the descenders (g, ỵ)
/// of the line above.
fn line_ratio(lines: &[String], spec: &Spec, face: &fonts::Face) -> f64 {
    let inks: Vec<(f64, f64)> = lines.iter().map(|l| face.ink(l)).collect();
    inks.windows(2)
        .map(|pair| pair[0].1 + pair[1].0 + LINE_GAP)
        .fold(spec.line_height, f64::max)
}

/// Height of `n` lines at a size of 1, from the top of the highest glyph
/// the font has to the bottom of the lowest.
fn block_height(n: usize, ratio: f64, face: &fonts::Face) -> f64 {
    face.top + (n.max(1) - 1) as f64 * ratio + face.bottom
}

/// The view of fitted lines.
fn view(text: &str, lines: Vec<String>, size: f64, ratio: f64, spec: &Spec, cut: bool) -> TextView {
    let face = fonts::face(spec.weight);
    let line_height = ratio * size;
    let first = face.top * size;
    TextView {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        height: round(block_height(lines.len(), ratio, face) * size),
        lines: lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| LineView {
                baseline: round(first + i as f64 * line_height),
                width: round(face.width(&l) * size),
                text: l,
            })
            .collect(),
        size,
        line_height: round(line_height),
        box_width: spec.width,
        box_height: spec.height,
        cut,
    }
}

/// Rounded to a tenth of a pixel: stable numbers in the SVG and in the cache key.
fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Greedy line breaking at `width` (em); a word wider than a line is
/// broken between letters.
fn wrap(words: &[Word<'_>], space: f64, width: f64, face: &fonts::Face) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in words {
        if !line.is_empty() && line_width + space + word.width <= width {
            line.push(' ');
            line.push_str(word.text);
            line_width += space + word.width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word.width <= width {
            line.push_str(word.text);
            line_width = word.width;
            continue;
        }
        let mut pieces = break_word(word.text, width, face);
        let last = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
        line_width = face.width(&last);
        line = last;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Breaks a word too wide for a line into pieces that fit, never before a
/// combining mark.
fn break_word(word: &str, width: f64, face: &fonts::Face) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_width = 0.0;
    for c in word.chars() {
        let w = face.width(c.encode_utf8(&mut [0; 4]));
        let joins = unicode_normalization::char::is_combining_mark(c);
        if !piece.is_empty() && !joins && piece_width + w > width {
            pieces.push(std::mem::take(&mut piece));
            piece_width = 0.0;
        }
        piece.push(c);
        piece_width += w;
    }
    pieces.push(piece);
    pieces
}

/// The same number of lines as `greedy`, made as even as they can be: the
/// narrowest width that still gives that many lines.
fn balance(
    words: &[Word<'_>],
    space: f64,
    width: f64,
    greedy: Vec<String>,
    face: &fonts::Face,
) -> Vec<String> {
    let n = greedy.len();
    if n < 2 {
        return greedy;
    }
    let widest_word = words.iter().map(|w| w.width).fold(0.0, f64::max);
    let (mut lo, mut hi) = (widest_word.min(width), width);
    let mut best = greedy;
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        let lines = wrap(words, space, mid, face);
        if lines.len() <= n {
            best = lines;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    best
}

/// `line` shortened until it fits `width` (em) with "…" after it.
fn with_ellipsis(line: &str, width: f64, face: &fonts::Face) -> String {
    let mut kept: String = line.to_string();
    loop {
        let candidate = format!("{}…", kept.trim_end());
        if face.width(&candidate) <= width || kept.is_empty() {
            return candidate;
        }
        kept.pop();
        while kept
            .chars()
            .last()
            .is_some_and(unicode_normalization::char::is_combining_mark)
        {
            kept.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(t: &TextView) -> f64 {
        t.lines.iter().map(|l| l.width).fold(0.0, f64::max)
    }

    #[test]
    fn a_short_title_stays_big_on_one_line() {
        let t = fit("Tìm hiểu VNeID", &TITLE);
        assert_eq!(t.size, TITLE.max_size);
        assert_eq!(t.lines.len(), 1);
        assert!(!t.cut);
        assert!(t.height <= TITLE.height);
    }

    #[test]
    fn a_long_title_wraps_on_balanced_lines_and_fits_its_box() {
        let t = fit(
            "Lợi ích của tài khoản định danh điện tử theo pháp luật",
            &TITLE,
        );
        assert!(t.lines.len() >= 2, "{t:?}");
        assert!(widest(&t) <= TITLE.width, "{t:?}");
        assert!(t.height <= TITLE.height, "{t:?}");
        let joined: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), t.text);
        // Balanced: no line is less than half as wide as the widest.
        let narrowest = t.lines.iter().map(|l| l.width).fold(f64::MAX, f64::min);
        assert!(narrowest * 2.0 > widest(&t), "{t:?}");
    }

    #[test]
    fn stacked_tone_marks_under_descenders_get_more_room() {
        let plain = fit(
            "mua bán nhà cửa ruộng vườn của ông bà cha mẹ anh chị em",
            &TITLE,
        );
        let stacked = fit("gặp gỡ gia đình ỴỸỶ ẲẴẶ ỖỘỔ gặp gỡ ỸỸỸ ẲẲẲ ỖỖỖ", &TITLE);
        assert_eq!(
            plain.line_height,
            round(TITLE.line_height * plain.size),
            "{plain:?}"
        );
        assert!(stacked.lines.len() >= 2, "{stacked:?}");
        assert!(
            stacked.line_height > TITLE.line_height * stacked.size,
            "{stacked:?}"
        );
        assert!(stacked.height <= TITLE.height, "{stacked:?}");
    }

    #[test]
    fn a_very_long_title_shrinks_to_the_smallest_size_then_is_cut() {
        let long = "Hướng dẫn ".repeat(60);
        let t = fit(&long, &TITLE);
        assert_eq!(t.size, TITLE.min_size);
        assert!(t.cut);
        assert!(t.lines.len() <= TITLE.max_lines);
        assert!(t.lines.last().unwrap().text.ends_with('…'));
        assert!(
            widest(&t) <= TITLE.width && t.height <= TITLE.height,
            "{t:?}"
        );
    }

    #[test]
    fn a_word_wider_than_the_card_is_broken_between_letters() {
        let word = "Đ".repeat(80);
        let t = fit(&word, &TITLE);
        assert!(t.lines.len() > 1);
        assert!(widest(&t) <= TITLE.width, "{t:?}");
        let t = fit(&"ệ".repeat(300), &COURSE);
        assert_eq!(t.lines.len(), 1);
        assert!(t.cut && widest(&t) <= COURSE.width, "{t:?}");
    }

    #[test]
    fn megabytes_of_title_take_no_time() {
        let huge = "ĐĐĐĐĐĐĐĐĐĐ ".repeat(500_000);
        let started = std::time::Instant::now();
        let t = fit(&huge, &TITLE);
        assert!(t.cut);
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        let t = fit(&"i".repeat(MAX_CHARS + 1), &TITLE);
        assert!(t.cut, "{t:?}");
    }

    #[test]
    fn an_empty_text_has_one_empty_line() {
        let t = fit("   ", &TITLE);
        assert_eq!(t.lines.len(), 1);
        assert_eq!(t.lines[0].text, "");
    }
}
