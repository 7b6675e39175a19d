//! Will a slide fit on the screen? An estimate of the height a slide's HTML
//! takes at 1280x720 with the deck's stylesheet (`static/css/deck.css`),
//! from its blocks alone: lines of text (from characters per line at the
//! slide's type sizes), list items, table rows, images, code lines. Fonts
//! differ from machine to machine, so it errs on the tall side: wide
//! letters (DejaVu Sans, the usual Linux fallback) and a few characters
//! lost at the end of each wrapped line. The browser tests check it: every
//! slide of the bundled course that passes here fits in Chromium at
//! 1280x720 and 1920x1080.
//!
//! The sizes below are the stylesheet's, in CSS pixels of the 1280x720
//! slide; change them together.

/// The slide's content box: 1280x720 less its padding.
pub const CONTENT_WIDTH: f32 = 1280.0 - 2.0 * 64.0;
/// Height of the content box of a slide.
pub const CONTENT_HEIGHT: f32 = 720.0 - 40.0 - 64.0;

const BODY: Type = Type {
    size: 32.0,
    line: 1.3,
};
const H2: Type = Type {
    size: 46.0,
    line: 1.15,
};
const H3: Type = Type {
    size: 38.0,
    line: 1.2,
};
const H4: Type = Type {
    size: 34.0,
    line: 1.2,
};
const TABLE: Type = Type {
    size: 26.0,
    line: 1.25,
};
const CODE: Type = Type {
    size: 22.0,
    line: 1.3,
};
const CALLOUT_TITLE: Type = Type {
    size: 26.0,
    line: 1.3,
};
/// Title slide: the lesson's number, its title, the course's name.
const KICKER: Type = Type {
    size: 30.0,
    line: 1.3,
};
const H1: Type = Type {
    size: 60.0,
    line: 1.12,
};
const COURSE: Type = Type {
    size: 26.0,
    line: 1.3,
};

/// Space after a paragraph, list, table, box (the stylesheet's margin-bottom).
const GAP: f32 = 16.0;
/// Space between list items.
const ITEM_GAP: f32 = 8.0;
/// Left indent of a list.
const LIST_INDENT: f32 = 1.3 * BODY.size;
/// Padding of a cell (top + bottom, left + right), and its border.
const CELL_PAD_Y: f32 = 12.0 + 4.0;
const CELL_PAD_X: f32 = 24.0 + 1.0;
/// Padding of a callout or quote (top + bottom, left + right with the border).
const BOX_PAD_Y: f32 = 24.0;
const BOX_PAD_X: f32 = 40.0 + 10.0;
/// Padding of a code block.
const PRE_PAD_Y: f32 = 24.0;
const PRE_PAD_X: f32 = 32.0;
/// The tallest an image is shown.
const IMAGE_HEIGHT: f32 = 400.0;
const RULE_HEIGHT: f32 = 2.0 + 2.0 * GAP;
/// Width of an average letter of Vietnamese text, spaces included, in ems:
/// DejaVu Sans (wide, the usual Linux fallback) measures 0.52.
const LETTER: f32 = 0.54;
const MONO_LETTER: f32 = 0.61;
/// Bold letters are wider (DejaVu Sans Bold: 0.585).
const BOLD: f32 = 1.12;
/// Share of a line that wrapping at spaces leaves used.
const FILL: f32 = 0.92;

#[derive(Clone, Copy)]
struct Type {
    size: f32,
    line: f32,
}

impl Type {
    fn line_height(self) -> f32 {
        self.size * self.line
    }

    /// Lines taken by `letters` (width-weighted characters) in `width` pixels.
    fn lines(self, letters: f32, width: f32, mono: bool) -> f32 {
        if letters <= 0.0 {
            return 0.0;
        }
        let per = if mono { MONO_LETTER } else { LETTER };
        let per_line = (width / (self.size * per) * if mono { 1.0 } else { FILL }).max(1.0);
        (letters / per_line).ceil()
    }
}

/// How the content of a slide stands against its frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Estimated height of the content, in CSS pixels of a 1280x720 slide.
    pub height: f32,
    /// The height available.
    pub room: f32,
}

impl Estimate {
    /// True when the content is estimated taller than its frame.
    pub fn overflows(&self) -> bool {
        self.height > self.room
    }

    /// The estimate in lines of body text, for a message.
    pub fn lines(&self) -> (usize, usize) {
        let per = BODY.line_height();
        (
            (self.height / per).ceil() as usize,
            (self.room / per).floor() as usize,
        )
    }
}

/// The estimate for a content slide holding `html`.
pub fn content_slide(html: &str, notice: bool) -> Estimate {
    let mut height = blocks_height(html, CONTENT_WIDTH);
    if notice {
        height += BODY.line_height() + GAP;
    }
    Estimate {
        height,
        room: CONTENT_HEIGHT,
    }
}

/// The estimate for the title slide: its kicker, title, the course name and
/// the page's opening `html`.
pub fn title_slide(title: &str, course: &str, html: &str) -> Estimate {
    let letters = |t: &str| t.chars().count() as f32;
    let fixed = KICKER.line_height()
        + GAP
        + H1.lines(letters(title) * BOLD, CONTENT_WIDTH, false) * H1.line_height()
        + 2.0 * GAP
        + COURSE.lines(letters(course), CONTENT_WIDTH, false) * COURSE.line_height()
        + GAP;
    // Here the opening's last margin is inside: the course's name follows.
    let opening = blocks_height(html, CONTENT_WIDTH);
    let opening = if opening > 0.0 { opening + GAP } else { 0.0 };
    Estimate {
        height: fixed + opening,
        room: CONTENT_HEIGHT,
    }
}

/// A block being measured.
struct Block {
    tag: Tag,
    /// Width of its content box.
    width: f32,
    ty: Type,
    mono: bool,
    /// Letters of text since the last block inside it (inline content).
    letters: f32,
    /// Height of what is finished inside it.
    height: f32,
    /// Row: letters of each cell.
    cells: Vec<f32>,
    /// Table: the cells of each row.
    rows: Vec<Vec<f32>>,
    /// Lines of a code block.
    pre_lines: f32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Root,
    P,
    Heading(u8),
    List,
    Item,
    Table,
    Row,
    Cell,
    Pre,
    Box,
    Other,
}

impl Block {
    fn new(tag: Tag, width: f32, ty: Type) -> Block {
        Block {
            tag,
            width,
            ty,
            mono: false,
            letters: 0.0,
            height: 0.0,
            cells: Vec::new(),
            rows: Vec::new(),
            pre_lines: 0.0,
        }
    }

    /// Ends the current run of inline text as lines.
    fn flush(&mut self) {
        if self.letters > 0.0 {
            self.height +=
                self.ty.lines(self.letters, self.width, self.mono) * self.ty.line_height();
            self.letters = 0.0;
        }
    }
}

/// Estimated height of a run of blocks at `width`.
fn blocks_height(html: &str, width: f32) -> f32 {
    let mut stack = vec![Block::new(Tag::Root, width, BODY)];
    let mut bold = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        // memchr: SIMD, where str::find(char) goes a word at a time.
        let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) else {
            text(&mut stack, rest, bold);
            break;
        };
        if lt > 0 {
            text(&mut stack, &rest[..lt], bold);
        }
        let Some(gt) = memchr::memchr(b'>', &rest.as_bytes()[lt..]) else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        // The tag's name, lowercased in a small buffer (no allocation per
        // tag); a name longer than any block's is not one of them.
        let bare = tag.trim_start_matches('/');
        let len = bare.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let mut buf = [0u8; 16];
        let name = if len <= buf.len() {
            buf[..len].copy_from_slice(&bare.as_bytes()[..len]);
            buf[..len].make_ascii_lowercase();
            std::str::from_utf8(&buf[..len]).unwrap_or("")
        } else {
            "?"
        };
        match (name, closing) {
            ("strong" | "b" | "th", false) => bold += 1,
            ("strong" | "b", true) => bold = bold.saturating_sub(1),
            _ => {}
        }
        if closing {
            close(&mut stack, name);
            if name == "th" {
                bold = bold.saturating_sub(1);
            }
        } else {
            open(&mut stack, name, tag);
        }
    }
    while stack.len() > 1 {
        let tag = stack.last().map(|b| b.tag).unwrap_or(Tag::Root);
        close_block(&mut stack, tag);
    }
    let root = &mut stack[0];
    root.flush();
    // The last block's margin is not inside the frame (but a list's last
    // item's margin is).
    (root.height - GAP + ITEM_GAP).max(0.0)
}

fn text(stack: &mut [Block], text: &str, bold: usize) {
    let Some(top) = stack.last_mut() else { return };
    if top.tag == Tag::Pre {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                top.pre_lines += 1.0;
            }
            let letters = letters(line);
            if letters > 0.0 {
                let lines = top.ty.lines(letters, top.width, true);
                top.pre_lines += lines - 1.0;
            }
        }
        return;
    }
    // Line breaks between blocks are not text.
    if top.letters == 0.0 && text.trim().is_empty() {
        return;
    }
    let weight = if bold > 0 || matches!(top.tag, Tag::Heading(_)) {
        BOLD
    } else {
        1.0
    };
    top.letters += letters(text) * weight;
}

/// Characters of a text run, entities counted as one, runs of spaces as one.
///
/// Every slide of every deck is read, so most runs are counted a block of
/// bytes at a time ([`letters_plain`]); a run with an entity or a byte of a
/// space outside ASCII is read character by character.
fn letters(text: &str) -> f32 {
    letters_plain(text.as_bytes()).unwrap_or_else(|| letters_skipping(text)) as f32
}

/// [`letters`] of a run with no `&` and none of the bytes that begin or
/// continue a space outside ASCII (0xC2 begins U+0085 and U+00A0, 0xE2 and
/// 0xE3 begin U+2000 to U+205F and U+3000, 0x9A continues U+1680): its
/// characters are its bytes that do not continue one, less each ASCII space
/// that follows another. `None` for any other run.
///
/// One pass, a block of [`BLOCK`] bytes at a time (and the byte after it,
/// for a pair of spaces across blocks), counted in byte-sized lanes without
/// branches, which the compiler vectorises. The last block is padded with
/// zeros: a zero is neither a space nor a byte that stops the count, and
/// counts as a character, taken off after.
fn letters_plain(bytes: &[u8]) -> Option<usize> {
    let blank = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let stops = |b: u8| (b == b'&') | (b == 0xC2) | (b == 0xE2) | (b == 0xE3) | (b == 0x9A);
    let mut letters = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        let mut w = [0u8; BLOCK + 1];
        let take = (bytes.len() - at).min(BLOCK + 1);
        w[..take].copy_from_slice(&bytes[at..at + take]);
        let (mut chars, mut pairs, mut stop) = (0u8, 0u8, 0u8);
        for k in 0..BLOCK {
            chars += u8::from((w[k] as i8) >= -0x40);
            pairs += u8::from(blank(w[k]) & blank(w[k + 1]));
            stop |= u8::from(stops(w[k]));
        }
        if stop != 0 {
            return None;
        }
        let padding = BLOCK - take.min(BLOCK);
        letters += usize::from(chars) - padding - usize::from(pairs);
        at += BLOCK;
    }
    Some(letters)
}

/// Bytes [`letters_plain`] counts at a time.
const BLOCK: usize = 64;

/// [`letters`] of any run, character by character. ASCII bytes are read as
/// bytes; another character is skipped by the length its first byte gives,
/// and decoded only when that byte can start a space (U+0085, U+00A0,
/// U+1680, U+2000 to U+205F, U+3000).
fn letters_skipping(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0usize;
    let mut space = false;
    let mut entity = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (blank, semicolon, amp) = if b < 0x80 {
            i += 1;
            (
                matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '),
                b == b';',
                b == b'&',
            )
        } else {
            let len = match b {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            let blank = matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
                && text
                    .get(i..i + len)
                    .and_then(|c| c.chars().next())
                    .is_some_and(char::is_whitespace);
            i += len;
            (blank, false, false)
        };
        if entity {
            entity = !semicolon;
            continue;
        }
        if blank {
            if !space {
                n += 1;
            }
            space = true;
            continue;
        }
        space = false;
        if amp {
            entity = true;
        }
        n += 1;
    }
    n
}

fn open(stack: &mut Vec<Block>, name: &str, tag: &str) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    let width = parent.width;
    let block = match name {
        "p" if tag.contains("class=\"callout-title\"") => Block::new(Tag::P, width, CALLOUT_TITLE),
        "p" => Block::new(Tag::P, width, parent.ty),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes()[1] - b'0';
            let ty = match level {
                1 | 2 => H2,
                3 => H3,
                _ => H4,
            };
            Block::new(Tag::Heading(level), width, ty)
        }
        "ul" | "ol" => Block::new(Tag::List, width - LIST_INDENT, parent.ty),
        "li" => Block::new(Tag::Item, width, parent.ty),
        "table" => Block::new(Tag::Table, width, TABLE),
        "tr" => Block::new(Tag::Row, width, TABLE),
        "td" | "th" => Block::new(Tag::Cell, width, TABLE),
        "pre" => {
            let mut b = Block::new(Tag::Pre, width - PRE_PAD_X, CODE);
            b.mono = true;
            b.pre_lines = 1.0;
            b
        }
        "blockquote" => Block::new(Tag::Box, width - BOX_PAD_X, parent.ty),
        "div" if tag.contains("class=\"callout") => Block::new(Tag::Box, width - BOX_PAD_X, BODY),
        "section" | "div" | "dl" | "dd" | "dt" | "figure" | "details" => {
            Block::new(Tag::Other, width, parent.ty)
        }
        "img" | "video" | "svg" => {
            parent.flush();
            parent.height += IMAGE_HEIGHT + GAP;
            return;
        }
        "hr" => {
            parent.flush();
            parent.height += RULE_HEIGHT;
            return;
        }
        "br" => {
            // Ends a line: at least one, even when empty.
            let lh = parent.ty.line_height();
            let had = parent.letters > 0.0;
            parent.flush();
            if !had {
                parent.height += lh;
            }
            return;
        }
        "input" => {
            parent.letters += 2.0;
            return;
        }
        _ => return,
    };
    if block.tag != Tag::Cell {
        parent.flush();
    }
    stack.push(block);
}

fn close(stack: &mut Vec<Block>, name: &str) {
    let tag = match name {
        "p" => Tag::P,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading(name.as_bytes()[1] - b'0'),
        "ul" | "ol" => Tag::List,
        "li" => Tag::Item,
        "table" => Tag::Table,
        "tr" => Tag::Row,
        "td" | "th" => Tag::Cell,
        "pre" => Tag::Pre,
        "blockquote" => Tag::Box,
        "div" => {
            // The innermost div-like block: a callout or another div.
            match stack
                .iter()
                .rev()
                .find(|b| matches!(b.tag, Tag::Box | Tag::Other))
            {
                Some(b) => b.tag,
                None => return,
            }
        }
        "section" | "dl" | "dd" | "dt" | "figure" | "details" => Tag::Other,
        _ => return,
    };
    if stack.iter().skip(1).any(|b| b.tag == tag) {
        close_block(stack, tag);
    }
}

/// Closes blocks up to the innermost `tag`, adding their heights to their parents.
fn close_block(stack: &mut Vec<Block>, tag: Tag) {
    while stack.len() > 1 {
        let Some(mut b) = stack.pop() else { return };
        let done = b.tag == tag;
        let Some(parent) = stack.last_mut() else {
            return;
        };
        if b.tag == Tag::Cell {
            // Kept as letters: the column width is known when the table is done.
            let per_line = (b.width / (TABLE.size * LETTER) * FILL).max(1.0);
            let letters = b.letters + b.height / TABLE.line_height() * per_line;
            if parent.tag == Tag::Row {
                parent.cells.push(letters);
            } else {
                parent.letters += letters;
            }
            if done {
                return;
            }
            continue;
        }
        b.flush();
        match b.tag {
            Tag::Cell => {}
            Tag::Row => {
                let cells = std::mem::take(&mut b.cells);
                if parent.tag == Tag::Table {
                    parent.rows.push(cells);
                } else {
                    parent.letters += cells.iter().sum::<f32>();
                }
            }
            Tag::Table => {
                parent.height += table_height(&b.rows, b.width) + GAP;
            }
            Tag::Pre => {
                parent.height += b.pre_lines * CODE.line_height() + PRE_PAD_Y + GAP;
            }
            Tag::Heading(level) => {
                let gap = if level <= 2 { 20.0 } else { 8.0 + 20.0 };
                parent.height += b.height + gap;
            }
            Tag::P => parent.height += b.height + GAP,
            Tag::List => parent.height += b.height - ITEM_GAP + GAP,
            Tag::Item => parent.height += b.height.max(b.ty.line_height()) + ITEM_GAP,
            Tag::Box => parent.height += b.height + BOX_PAD_Y + GAP,
            Tag::Other | Tag::Root => parent.height += b.height,
        }
        if done {
            return;
        }
    }
}

/// Height of a table. Its columns share the width as browsers share it
/// (automatic table layout): each as wide as its longest cell when they all
/// fit, else in proportion to their longest cells.
fn table_height(rows: &[Vec<f32>], width: f32) -> f32 {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    // As wide as its letters, with the room wrapping leaves at line ends.
    let letter = TABLE.size * LETTER / FILL;
    let mut longest = vec![1.0f32; columns];
    for cells in rows {
        for (c, &letters) in cells.iter().enumerate() {
            longest[c] = longest[c].max(letters * letter + CELL_PAD_X);
        }
    }
    let total: f32 = longest.iter().sum();
    let widths: Vec<f32> = longest
        .iter()
        .map(|&w| if total <= width { w } else { width * w / total })
        .collect();
    rows.iter()
        .map(|cells| {
            let lines = cells
                .iter()
                .zip(&widths)
                .map(|(&letters, &w)| TABLE.lines(letters, w - CELL_PAD_X, false).max(1.0))
                .fold(1.0f32, f32::max);
            lines * TABLE.line_height() + CELL_PAD_Y
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(html: &str) -> f32 {
        blocks_height(html, CONTENT_WIDTH)
    }

    /// `letters` as first written, character by character.
    fn letters_by_char(text: &str) -> f32 {
        let (mut n, mut space, mut entity) = (0usize, false, false);
        for c in text.chars() {
            if entity {
                entity = c != ';';
                continue;
            }
            if c.is_whitespace() {
                n += usize::from(!space);
                space = true;
                continue;
            }
            space = false;
            entity = c == '&';
            n += 1;
        }
        n as f32
    }

    #[test]
    fn letters_counts_characters_entities_and_blank_runs() {
        assert_eq!(letters("Kích hoạt  tài khoản"), 19.0);
        assert_eq!(letters("a &amp; b"), 5.0);
        for text in [
            "",
            "Đăng ký mức 2 tại Công an xã, phường, đặc khu",
            "  \t\n\u{b}\u{c}\r x \u{a0}\u{2003} y ",
            "&quot;Ơ&#8230;ư&unterminated ǅ 𝔸 😀",
            "e\u{301}\u{323} NFD",
            // Every space outside ASCII, beside letters with the same first byte.
            "a\u{85}\u{a0}b ạ\u{1680}ấ \u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}€ \u{3000}ᚠ あ \u{1ef9}",
            // Counted a block at a time: ASCII spaces only, no entity.
            "  Kích\t\n hoạt \r\n\u{b}\u{c}tài   khoản  ",
            "Ớ ớ Ě ẚ",
        ] {
            assert_eq!(letters(text), letters_by_char(text), "{text:?}");
            assert_eq!(
                letters_skipping(text) as f32,
                letters_by_char(text),
                "{text:?}"
            );
        }
        assert_eq!(letters_plain("  Kích\t\n hoạt ".as_bytes()), Some(11));
        assert_eq!(letters_plain("a &amp; b".as_bytes()), None);
        // Runs of every length around the blocks, with spaces at their
        // edges and a character split across them.
        for len in 0..3 * BLOCK + 2 {
            for pattern in ["ab  cd\t\n", "ạ x  ", " ", "ư"] {
                let text: String = pattern.chars().cycle().take(len).collect();
                assert_eq!(
                    letters_plain(text.as_bytes()).map(|n| n as f32),
                    Some(letters_by_char(&text)),
                    "{text:?}"
                );
            }
        }
        let late = format!("{}&amp;", "a".repeat(BLOCK + 3));
        assert_eq!(letters_plain(late.as_bytes()), None);
        // Every character, twice (two spaces count once), beside a space
        // and a letter.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}{c} {c}b");
            assert_eq!(letters(&text), letters_by_char(&text), "{c:?}");
            assert_eq!(
                letters_skipping(&text) as f32,
                letters_by_char(&text),
                "{c:?}"
            );
        }
    }

    #[test]
    fn a_short_paragraph_is_one_line_and_a_long_one_wraps() {
        // The end of a run keeps a list item's margin, to be safe.
        let one = lines_of("<p>Một câu ngắn.</p>\n");
        assert!((one - BODY.line_height() - ITEM_GAP).abs() < 0.01, "{one}");
        let long = "chữ ".repeat(60);
        let h = lines_of(&format!("<p>{long}</p>\n"));
        assert!(h >= 4.0 * BODY.line_height(), "{h}");
    }

    #[test]
    fn list_items_and_table_rows_add_up() {
        let items: String = (0..5).map(|i| format!("<li>Ý {i}</li>\n")).collect();
        let list = lines_of(&format!("<ul>\n{items}</ul>\n"));
        assert!(
            (list - (5.0 * BODY.line_height() + 5.0 * ITEM_GAP)).abs() < 0.01,
            "{list}"
        );
        let rows: String = (0..8)
            .map(|i| format!("<tr><td>{i}</td><td>Hoạt động</td></tr>\n"))
            .collect();
        let table = lines_of(&format!(
            "<div class=\"table-wrap\" role=\"region\"><table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>\n{rows}</tbody></table>\n</div>\n"
        ));
        let row = TABLE.line_height() + CELL_PAD_Y;
        assert!(
            (table - 9.0 * row - ITEM_GAP).abs() < 0.01,
            "{table} for rows of {row}"
        );
    }

    #[test]
    fn a_long_cell_makes_its_row_taller() {
        let long = "chữ ".repeat(40);
        let one = lines_of("<table><tr><td>a</td><td>b</td></tr></table>");
        let tall = lines_of(&format!(
            "<table><tr><td>a</td><td>{long}</td></tr></table>"
        ));
        assert!(tall >= one + 2.0 * TABLE.line_height(), "{one} {tall}");
        // A short column stays narrow: the long one gets the room.
        let wide = lines_of(&format!(
            "<table><tr><td>{}</td><td>b</td></tr></table>",
            "chữ ".repeat(10)
        ));
        assert!((wide - one).abs() < 0.01, "{one} {wide}");
    }

    #[test]
    fn images_and_code_take_room() {
        let img = lines_of("<p><img src=\"a.png\" alt=\"A\" /></p>\n");
        assert!(img >= IMAGE_HEIGHT, "{img}");
        let code = lines_of("<pre><code>a\nb\nc\n</code></pre>\n");
        assert!(code >= 3.0 * CODE.line_height(), "{code}");
    }

    #[test]
    fn overflow_is_judged_against_the_frame() {
        let items: String = (0..9).map(|i| format!("<li>Ý số {i}</li>\n")).collect();
        let fits = content_slide(&format!("<h2>T</h2>\n<ul>\n{items}</ul>\n"), false);
        assert!(!fits.overflows(), "{fits:?}");
        let items: String = (0..16).map(|i| format!("<li>Ý số {i}</li>\n")).collect();
        let too_long = content_slide(&format!("<h2>T</h2>\n<ul>\n{items}</ul>\n"), false);
        assert!(too_long.overflows(), "{too_long:?}");
        let (lines, room) = too_long.lines();
        assert!(lines > room, "{lines} > {room}");
    }

    #[test]
    fn nested_markup_and_bad_html_never_panic() {
        for html in [
            "<ul><li><p>a</p><ul><li>b</li></ul></li></ul>",
            "</div></li></table><p>x",
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Ghi chú</p>\n<p>a</p>\n</div>",
            "<p>&amp;&lt; <strong>đậm</strong><br />x</p>",
            "<",
            "<table><tr><td>a",
        ] {
            let h = lines_of(html);
            assert!(h.is_finite() && h >= 0.0, "{html}: {h}");
        }
    }
}
