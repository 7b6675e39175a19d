//! The search index: for every word (folded), the parts of pages it occurs
//! in and where, kept apart by exact form, in a compact text encoding the
//! theme's script reads.
//!
//! Each page is cut into parts (see [`super::extract`]): the part before the
//! first heading, then one per top-level heading. Every part is a stream of
//! word positions: first its heading (for the first part: the page title,
//! then the description), then its text, one position left empty between
//! fields and between blocks, so that a phrase never runs across them.
//! `h[e]` counts the heading's words of part `e` (the title's, for a first
//! part), and `d[p]` is where the description of page `p` ends.
//!
//! A word's postings, per exact form, are a string of numbers in a base-32
//! variable-length code ([`push_number`]), one part after another:
//! the part (as the difference from the previous part of the list, the first
//! from 0), then its positions (the first plus one, then the differences),
//! then 0. Parts are numbered through the whole site, page after page.
//!
//! Documents are processed in parallel; their postings are then merged in
//! document order, so the output is the same on every run.

use super::extract::Part;
use super::tokens::tokenize;
use rayon::prelude::*;
use std::collections::HashMap;

/// What search shows and finds of one document.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Output path from the site root, percent-encoded (`dang-ky/kich-hoat.html`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Lesson number, or 0.
    pub number: usize,
    /// Description (front matter), or empty.
    pub description: String,
    /// Its parts (the first: the text before the first heading).
    pub parts: Vec<Part>,
}

/// The postings of one word form, growing as documents are merged.
#[derive(Debug, Default)]
struct Postings {
    last_part: u32,
    code: Vec<u8>,
}

/// One word form of one document, as its postings are built.
struct Local {
    /// `folded` then, when it differs, `\u{1}` and the exact form.
    key: String,
    first_part: u32,
    last_part: u32,
    last_pos: u32,
    /// The code after the first part number.
    code: Vec<u8>,
}

/// One document, indexed.
struct Indexed {
    /// Words of each part's heading (the title's for the first part).
    h: Vec<u32>,
    /// End of the description in the first part.
    d: u32,
    words: Vec<Local>,
}

/// The index of a site, ready to be written.
pub struct Index {
    /// The documents, in the order of their numbers.
    pub docs: Vec<Doc>,
    /// Per document, its number of parts.
    pub parts: Vec<u32>,
    /// Words of each part's heading.
    pub h: Vec<u32>,
    /// End of each document's description in its first part.
    pub d: Vec<u32>,
    /// Every folded word, in the order JavaScript sorts strings (UTF-16 code units).
    pub words: Vec<Word>,
}

/// One folded word and its exact forms.
pub struct Word {
    /// Folded.
    pub folded: String,
    /// (exact form, or empty when it is the folded form; postings code).
    pub forms: Vec<(String, String)>,
}

impl Word {
    /// Bytes it takes in the index (for splitting it into files of even size).
    pub fn weight(&self) -> usize {
        self.folded.len()
            + self
                .forms
                .iter()
                .map(|(e, c)| e.len() + c.len() + 6)
                .sum::<usize>()
    }
}

/// The digits of the code: URL- and JSON-safe, 32 values with a flag for "more".
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `n` in the variable-length code: five bits per digit, low bits
/// first; a digit of 32 or more says another digit follows.
pub fn push_number(code: &mut Vec<u8>, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            code.push(DIGITS[low]);
            return;
        }
        code.push(DIGITS[low + 32]);
    }
}

/// Decodes a string of [`push_number`] codes (for tests and checks).
pub fn numbers(code: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for b in code.bytes() {
        let Some(v) = DIGITS.iter().position(|&d| d == b) else {
            continue;
        };
        n |= ((v & 31) as u32) << shift;
        if v >= 32 {
            shift += 5;
        } else {
            out.push(n);
            n = 0;
            shift = 0;
        }
    }
    out
}

impl Index {
    /// Indexes `docs` (in parallel), numbering parts in their order.
    pub fn build(docs: Vec<Doc>) -> Index {
        let indexed: Vec<Indexed> = docs.par_iter().map(index_document).collect();
        let mut parts = Vec::with_capacity(docs.len());
        let mut h = Vec::new();
        let mut d = Vec::with_capacity(docs.len());
        for doc in &indexed {
            parts.push(doc.h.len() as u32);
            h.extend_from_slice(&doc.h);
            d.push(doc.d);
        }
        let words = merge(&indexed);
        Index {
            docs,
            parts,
            h,
            d,
            words,
        }
    }
}

/// Where positions go in a part: fields and blocks apart.
struct Stream<'a> {
    words: &'a mut Vec<Local>,
    by_key: &'a mut HashMap<String, usize>,
    key: String,
    part: u32,
    pos: u32,
}

impl Stream<'_> {
    /// Adds the words of `text` from the current position; a line break
    /// (a new block) leaves a position empty. Returns how many were added.
    fn add(&mut self, text: &str) -> u32 {
        let mut count = 0;
        let mut last_end = 0usize;
        tokenize(text, |t| {
            if count > 0 && text.as_bytes()[last_end..t.start].contains(&b'\n') {
                self.pos += 1;
            }
            last_end = t.end;
            count += 1;
            self.key.clear();
            self.key.push_str(t.folded);
            if t.exact != t.folded {
                self.key.push('\u{1}');
                self.key.push_str(t.exact);
            }
            let (part, pos) = (self.part, self.pos);
            match self.by_key.get(self.key.as_str()) {
                Some(&i) => {
                    let w = &mut self.words[i];
                    if w.last_part == part {
                        push_number(&mut w.code, pos - w.last_pos);
                    } else {
                        w.code.push(DIGITS[0]);
                        push_number(&mut w.code, part - w.last_part);
                        push_number(&mut w.code, pos + 1);
                        w.last_part = part;
                    }
                    w.last_pos = pos;
                }
                None => {
                    let mut code = Vec::with_capacity(8);
                    push_number(&mut code, pos + 1);
                    self.by_key.insert(self.key.clone(), self.words.len());
                    self.words.push(Local {
                        key: self.key.clone(),
                        first_part: part,
                        last_part: part,
                        last_pos: pos,
                        code,
                    });
                }
            }
            self.pos += 1;
        });
        count
    }

    /// Leaves a position empty between two fields.
    fn gap(&mut self) {
        self.pos += 1;
    }
}

fn index_document(doc: &Doc) -> Indexed {
    let mut words = Vec::new();
    let mut by_key = HashMap::new();
    let mut h = Vec::with_capacity(doc.parts.len());
    let mut d = 0;
    for (i, part) in doc.parts.iter().enumerate() {
        let mut s = Stream {
            words: &mut words,
            by_key: &mut by_key,
            key: String::new(),
            part: i as u32,
            pos: 0,
        };
        if i == 0 {
            h.push(s.add(&doc.title));
            s.gap();
            s.add(&doc.description);
            d = s.pos;
            s.gap();
        } else {
            h.push(s.add(&part.heading));
            s.gap();
        }
        s.add(&part.text);
    }
    for w in &mut words {
        w.code.push(DIGITS[0]);
    }
    Indexed { h, d, words }
}

/// Merges the documents' postings in document order.
fn merge(docs: &[Indexed]) -> Vec<Word> {
    let mut all: HashMap<&str, Vec<(&str, Postings)>> = HashMap::new();
    let mut base = 0u32;
    for doc in docs {
        for w in &doc.words {
            let (folded, exact) = w.key.split_once('\u{1}').unwrap_or((&w.key, ""));
            let forms = all.entry(folded).or_default();
            let i = match forms.iter().position(|(e, _)| *e == exact) {
                Some(i) => i,
                None => {
                    forms.push((exact, Postings::default()));
                    forms.len() - 1
                }
            };
            let p = &mut forms[i].1;
            let first = base + w.first_part;
            push_number(&mut p.code, first - p.last_part);
            p.code.extend_from_slice(&w.code);
            p.last_part = base + w.last_part;
        }
        base += doc.h.len() as u32;
    }
    let mut words: Vec<Word> = all
        .into_iter()
        .map(|(folded, mut forms)| {
            forms.sort_by(|a, b| a.0.cmp(b.0));
            Word {
                folded: folded.to_string(),
                forms: forms
                    .into_iter()
                    .map(|(e, p)| {
                        // The code holds only digits: ASCII.
                        let code = String::from_utf8(p.code).unwrap_or_default();
                        (e.to_string(), code)
                    })
                    .collect(),
            }
        })
        .collect();
    words.par_sort_unstable_by(|a, b| js_order(&a.folded, &b.folded));
    words
}

/// The order of JavaScript's `<` on strings: by UTF-16 code units.
pub fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, description: &str, parts: &[(&str, &str)]) -> Doc {
        Doc {
            url: "a.html".into(),
            title: title.into(),
            number: 1,
            description: description.into(),
            parts: parts
                .iter()
                .enumerate()
                .map(|(i, (heading, text))| Part {
                    id: if i == 0 {
                        String::new()
                    } else {
                        format!("h{i}")
                    },
                    heading: heading.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    /// (part, positions) of each part a form occurs in.
    fn postings(code: &str) -> Vec<(u32, Vec<u32>)> {
        let n = numbers(code);
        let mut out = Vec::new();
        let (mut i, mut part) = (0, 0);
        while i < n.len() {
            part += n[i];
            let mut pos = n[i + 1] - 1;
            let mut list = vec![pos];
            i += 2;
            while n[i] != 0 {
                pos += n[i];
                list.push(pos);
                i += 1;
            }
            i += 1;
            out.push((part, list));
        }
        out
    }

    fn forms<'a>(index: &'a Index, folded: &str) -> &'a [(String, String)] {
        &index
            .words
            .iter()
            .find(|w| w.folded == folded)
            .unwrap_or_else(|| panic!("no word {folded}"))
            .forms
    }

    #[test]
    fn numbers_round_trip() {
        let mut code = Vec::new();
        let values = [0, 1, 31, 32, 1023, 1024, 99_999, u32::MAX];
        for v in values {
            push_number(&mut code, v);
        }
        assert_eq!(numbers(std::str::from_utf8(&code).unwrap()), values);
        let mut one = Vec::new();
        push_number(&mut one, 31);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn positions_by_field_and_block_with_exact_forms_apart() {
        let index = Index::build(vec![
            doc(
                "Mức 2",
                "Về mục 2",
                &[("", "mức một\nmức hai"), ("Đăng ký mức 2", "Mức")],
            ),
            doc("Khác", "", &[("", "mục")]),
        ]);
        // Title "Mức 2": 2 words; a gap; "Về mục 2" at 3..6; d = 6; a gap; text from 7.
        assert_eq!(index.h, vec![2, 4, 1]);
        assert_eq!(index.d, vec![6, 2]);
        assert_eq!(index.parts, vec![2, 1]);
        let muc = forms(&index, "muc");
        assert_eq!(
            muc.iter().map(|(e, _)| e.as_str()).collect::<Vec<_>>(),
            ["mức", "mục"]
        );
        // "mức" in the title (0), the text (7, then 10 after the block gap),
        // then in part 1's heading (2) and text (5, after the gap).
        assert_eq!(
            postings(&muc[0].1),
            vec![(0, vec![0, 7, 10]), (1, vec![2, 5])]
        );
        // "mục": the description of page 0, then page 1's text (part 2).
        assert_eq!(postings(&muc[1].1), vec![(0, vec![4]), (2, vec![3])]);
        let two = forms(&index, "2");
        assert_eq!(
            two[0].0, "",
            "an exact form equal to the folded one is left empty"
        );
        assert_eq!(postings(&two[0].1), vec![(0, vec![1, 5]), (1, vec![3])]);
    }

    #[test]
    fn words_are_sorted_as_javascript_sorts_strings() {
        let index = Index::build(vec![doc("b a", "", &[("", "ả c 𝒳 \u{FF21}")])]);
        let order: Vec<&str> = index.words.iter().map(|w| w.folded.as_str()).collect();
        // U+1D4B3 (𝒳, a surrogate pair) sorts before U+FF41 (ａ) in UTF-16.
        assert_eq!(order, ["a", "b", "c", "𝒳", "ａ"]);
    }
}
