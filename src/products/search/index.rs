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
//! Documents are read in runs of consecutive documents, in parallel
//! ([`Run`]: a run looks up and folds each of its word forms once); the
//! runs are then merged in order, one bucket of folded words at a time, so
//! the output is the same on every run of the build.

use super::extract::Part;
use super::tokens::{fold_word, tokenize_exact};
use rayon::prelude::*;

/// What search shows and finds of one document.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Output path from the site root, percent-encoded (`dang-ky/kich-hoat.html`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Lesson number, or 0.
    pub number: usize,
    /// Title of the section the page is in (empty for the home page's
    /// pages and for section pages).
    pub section: String,
    /// Description (front matter), or empty.
    pub description: String,
    /// Its parts (the first: the text before the first heading).
    pub parts: Vec<Part>,
}

/// A hash map with a fast, fixed hasher (the output never depends on it).
type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// The bytes of a word of up to 16 bytes as a number, the first byte
/// lowest and zeros after the last: read with two overlapping loads, the
/// second shifted to drop the bytes the first already holds.
fn short_key(b: &[u8]) -> u128 {
    let n = b.len();
    let load8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let load4 = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default());
    let (lo, hi) = match n {
        8..=16 => (
            load8(0),
            load8(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0),
        ),
        4..=7 => {
            let rest = u64::from(load4(n - 4).checked_shr(8 * (8 - n) as u32).unwrap_or(0));
            (u64::from(load4(0)) | rest << 32, 0)
        }
        _ => {
            let mut lo = 0u64;
            for (i, &x) in b.iter().take(3).enumerate() {
                lo |= u64::from(x) << (8 * i);
            }
            (lo, 0)
        }
    };
    u128::from(lo) | u128::from(hi) << 64
}

/// Runs are merged in parallel over buckets of folded forms.
const BUCKETS: usize = 64;

fn bucket(folded: &str) -> usize {
    use std::hash::BuildHasher;
    (foldhash::fast::FixedState::with_seed(7).hash_one(folded) % BUCKETS as u64) as usize
}

/// What the index keeps of a document besides its words.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Output path from the site root, percent-encoded.
    pub url: String,
    /// Title.
    pub title: String,
    /// Lesson number, or 0.
    pub number: usize,
    /// Title of its section, or empty.
    pub section: String,
}

impl Doc {
    /// What the index keeps of it besides its words.
    pub fn meta(&self) -> Meta {
        Meta {
            url: self.url.clone(),
            title: self.title.clone(),
            number: self.number,
            section: self.section.clone(),
        }
    }
}

/// The index of a site, ready to be written.
pub struct Index {
    /// The documents, in the order of their numbers.
    pub meta: Vec<Meta>,
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
    /// Indexes `docs` (in parallel, in runs of `run` documents), numbering
    /// parts in their order; every occurrence of every word is kept.
    pub fn build(docs: Vec<Doc>, run: usize) -> Index {
        let runs: Vec<Run> = docs
            .par_chunks(run.max(1))
            .map(|chunk| Run::read(chunk, None))
            .collect();
        Index::from_runs(docs.iter().map(Doc::meta).collect(), runs)
    }

    /// The index of runs of documents, in order ([`Run::read`]).
    pub(super) fn from_runs(meta: Vec<Meta>, runs: Vec<Run>) -> Index {
        let mut parts = Vec::with_capacity(meta.len());
        let mut h = Vec::new();
        let mut d = Vec::with_capacity(meta.len());
        for run in &runs {
            parts.extend_from_slice(&run.parts);
            h.extend_from_slice(&run.h);
            d.extend_from_slice(&run.d);
        }
        let words = merge(runs);
        Index {
            meta,
            parts,
            h,
            d,
            words,
        }
    }
}

/// The postings of consecutive documents, parts numbered from the run's
/// first: by bucket of folded form, (folded, its forms).
pub(super) struct Run {
    /// Per document, its number of parts.
    parts: Vec<u32>,
    /// Words of each part's heading.
    h: Vec<u32>,
    /// End of each document's description.
    d: Vec<u32>,
    /// Parts in the run.
    total: u32,
    buckets: Vec<Vec<(String, Vec<RunForm>)>>,
}

/// One exact form's postings in a run: its code from the first position
/// on (the first part is written at the merge of runs).
struct RunForm {
    /// Empty when it is the folded form.
    exact: String,
    first_part: u32,
    last_part: u32,
    code: Vec<u8>,
}

impl Run {
    /// Reads consecutive documents, in order; `cap` keeps at most that many
    /// occurrences of a word form in the text of each part (all in titles,
    /// headings and descriptions).
    pub(super) fn read(docs: &[Doc], cap: Option<u32>) -> Run {
        let mut r = Reader {
            cap,
            ..Reader::default()
        };
        for doc in docs {
            r.document(doc);
        }
        r.into_run()
    }
}

const NONE: u32 = u32::MAX;

/// One word form of a run.
struct Form {
    /// `Reader::text[at..at + exact]` is the exact form, then `folded` bytes of the folded form.
    at: u32,
    exact: u32,
    folded: u32,
    /// Its folded form's [bucket].
    bucket: u8,
    /// Occurrences in the text of the part `counted_part` so far (for a cap).
    counted_part: u32,
    counted: u32,
    /// Its postings in the run so far: first and last part (`NONE` before
    /// the first), the last position (in the last part), and the code from
    /// the first position on: the last part's list of positions is left
    /// open (its closing 0 is written when the form next occurs in another
    /// part, or when the run ends).
    first_part: u32,
    last_part: u32,
    last_pos: u32,
    code: Vec<u8>,
}

impl Form {
    /// Appends an occurrence at `pos` of `part` to its postings: the part
    /// (after its first, as the difference from the previous one, once the
    /// previous part's positions are closed with a 0), then the position
    /// (the first of a part plus one, then the differences).
    #[inline]
    fn occurs(&mut self, part: u32, pos: u32) {
        let code = &mut self.code;
        if self.first_part == NONE {
            self.first_part = part;
            push_number(code, pos + 1);
        } else if part == self.last_part {
            push_number(code, pos - self.last_pos);
        } else {
            code.push(DIGITS[0]);
            push_number(code, part - self.last_part);
            push_number(code, pos + 1);
        }
        self.last_part = part;
        self.last_pos = pos;
    }
}

/// The words of a run of documents as they are read. Word forms are the
/// run's (each looked up, folded and bucketed once per run, not once per
/// document); each occurrence is appended to its form's postings as it is
/// read, which keeps them in order of part and position.
#[derive(Default)]
struct Reader {
    /// The exact and folded forms of the run's words, one after the other.
    text: String,
    forms: Vec<Form>,
    /// Hash of an exact form → its first form with that hash; `next` chains
    /// the others (so that a collision of hashes is never a mix-up).
    by_hash: Map<u64, u32>,
    next: Vec<u32>,
    /// Exact forms of up to 16 bytes (nearly every word) → their form,
    /// keyed by their bytes: a word holds no zero byte, so two words never
    /// share a key, and no string is hashed or compared.
    short: Map<u128, u32>,
    hasher: foldhash::fast::FixedState,
    /// Occurrences kept of a form in one part's text (titles, headings and
    /// descriptions keep them all); `None`: all.
    cap: Option<u32>,
    /// Part (numbered through the run) and position being read.
    part: u32,
    pos: u32,
    /// The run so far.
    parts: Vec<u32>,
    h: Vec<u32>,
    d: Vec<u32>,
    base: u32,
}

impl Reader {
    /// The form of an exact word, added (with its folded form) when new.
    fn form(&mut self, exact: &str) -> u32 {
        use std::hash::BuildHasher;
        let bytes = exact.as_bytes();
        if bytes.len() <= 16 {
            let key = short_key(bytes);
            if let Some(&id) = self.short.get(&key) {
                return id;
            }
            let id = self.new_form(exact);
            self.next.push(NONE);
            self.short.insert(key, id);
            return id;
        }
        let h = self.hasher.hash_one(exact);
        let mut i = self.by_hash.get(&h).copied().unwrap_or(NONE);
        while i != NONE {
            let f = &self.forms[i as usize];
            if &self.text[f.at as usize..(f.at + f.exact) as usize] == exact {
                return i;
            }
            i = self.next[i as usize];
        }
        let id = self.new_form(exact);
        self.next.push(self.by_hash.insert(h, id).unwrap_or(NONE));
        id
    }

    /// Adds a new form (with its folded form) and returns it.
    fn new_form(&mut self, exact: &str) -> u32 {
        let id = self.forms.len() as u32;
        let at = self.text.len() as u32;
        self.text.push_str(exact);
        fold_word(exact, &mut self.text);
        let folded = self.text.len() as u32 - at - exact.len() as u32;
        self.forms.push(Form {
            at,
            exact: exact.len() as u32,
            folded,
            bucket: bucket(&self.text[(at as usize + exact.len())..]) as u8,
            counted_part: NONE,
            counted: 0,
            first_part: NONE,
            last_part: 0,
            last_pos: 0,
            code: Vec::new(),
        });
        id
    }

    /// Adds the words of `text` from the current position; a line break
    /// (a new block) leaves a position empty. Returns how many were added.
    /// With `capped`, a form's occurrences past the run's cap (if it has
    /// one) are left out.
    fn add(&mut self, text: &str, capped: bool) -> u32 {
        let cap = self.cap.filter(|_| capped);
        let mut count = 0;
        let mut last_end = 0usize;
        tokenize_exact(text, |t| {
            if count > 0 && text.as_bytes()[last_end..t.start].contains(&b'\n') {
                self.pos += 1;
            }
            last_end = t.end;
            count += 1;
            let id = self.form(t.exact);
            let f = &mut self.forms[id as usize];
            let keep = cap.is_none_or(|cap| {
                if f.counted_part != self.part {
                    f.counted_part = self.part;
                    f.counted = 0;
                }
                f.counted += 1;
                f.counted <= cap
            });
            if keep {
                f.occurs(self.part, self.pos);
            }
            self.pos += 1;
        });
        count
    }

    /// Leaves a position empty between two fields.
    fn gap(&mut self) {
        self.pos += 1;
    }

    /// Reads one document: the title, then the description (first part),
    /// or the heading, then the text of each part.
    fn document(&mut self, doc: &Doc) {
        let mut d = 0;
        for (i, part) in doc.parts.iter().enumerate() {
            self.part = self.base + i as u32;
            self.pos = 0;
            if i == 0 {
                let words = self.add(&doc.title, false);
                self.h.push(words);
                self.gap();
                self.add(&doc.description, false);
                d = self.pos;
                self.gap();
            } else {
                let words = self.add(&part.heading, false);
                self.h.push(words);
                self.gap();
            }
            self.add(&part.text, true);
        }
        self.parts.push(doc.parts.len() as u32);
        self.d.push(d);
        self.base += doc.parts.len() as u32;
    }

    /// The run: its forms' postings by bucket of folded form.
    fn into_run(self) -> Run {
        // Folded form → (bucket, index in that bucket).
        let mut seen: Map<&str, (u8, u32)> = Map::default();
        let mut buckets: Vec<Vec<(String, Vec<RunForm>)>> =
            (0..BUCKETS).map(|_| Vec::new()).collect();
        for mut f in self.forms {
            if f.first_part == NONE {
                continue;
            }
            // Closes its last part's positions.
            f.code.push(DIGITS[0]);
            let from = f.at as usize;
            let exact = &self.text[from..from + f.exact as usize];
            let folded = &self.text[from + f.exact as usize..from + (f.exact + f.folded) as usize];
            let exact: &str = if exact == folded { "" } else { exact };
            let (b, i) = *seen.entry(folded).or_insert_with(|| {
                let list = &mut buckets[f.bucket as usize];
                list.push((folded.to_string(), Vec::new()));
                (f.bucket, list.len() as u32 - 1)
            });
            buckets[b as usize][i as usize].1.push(RunForm {
                exact: exact.to_string(),
                first_part: f.first_part,
                last_part: f.last_part,
                code: f.code,
            });
        }
        Run {
            parts: self.parts,
            h: self.h,
            d: self.d,
            total: self.base,
            buckets,
        }
    }
}

/// Merges the runs' postings in order, one bucket of folded forms at a
/// time, in parallel.
fn merge(runs: Vec<Run>) -> Vec<Word> {
    let mut bases = Vec::with_capacity(runs.len());
    let mut base = 0u32;
    for run in &runs {
        bases.push(base);
        base += run.total;
    }
    // Bucket by bucket, each run's part of it, moved (not copied): a
    // bucket's postings are freed as soon as it is merged, so that the runs
    // and the merged words are never all in memory at once.
    let mut by_bucket: Vec<Vec<(u32, Bucket)>> = (0..BUCKETS)
        .map(|_| Vec::with_capacity(runs.len()))
        .collect();
    for (mut run, base) in runs.into_iter().zip(bases) {
        for (b, list) in by_bucket.iter_mut().enumerate() {
            list.push((base, std::mem::take(&mut run.buckets[b])));
        }
    }
    let mut words: Vec<Word> = by_bucket
        .into_par_iter()
        .flat_map_iter(merge_bucket)
        .collect();
    words.par_sort_unstable_by(|a, b| js_order(&a.folded, &b.folded));
    words
}

/// One bucket of a run: (folded form, its exact forms' postings).
type Bucket = Vec<(String, Vec<RunForm>)>;

/// A form's postings in each run, with the number of the run's first part.
type Pieces = Vec<(u32, RunForm)>;

/// Merges one bucket of every run (each with the number of its first part).
/// Each form's pieces are gathered first (moved, not copied), so that its
/// code is made in one allocation of its exact size: growing it piece by
/// piece left up to half of each code unused at the build's peak memory.
fn merge_bucket(runs: Vec<(u32, Bucket)>) -> Vec<Word> {
    let mut all: Map<String, Vec<(String, Pieces)>> = Map::default();
    for (base, bucket) in runs {
        for (folded, forms) in bucket {
            let list = all.entry(folded).or_default();
            for mut f in forms {
                match list.iter_mut().find(|(e, _)| *e == f.exact) {
                    Some((_, pieces)) => pieces.push((base, f)),
                    None => list.push((std::mem::take(&mut f.exact), vec![(base, f)])),
                }
            }
        }
    }
    all.into_iter()
        .map(|(folded, mut forms)| {
            forms.sort_by(|a, b| a.0.cmp(&b.0));
            Word {
                folded,
                forms: forms
                    .into_iter()
                    .map(|(e, pieces)| (e, join_pieces(&pieces)))
                    .collect(),
            }
        })
        .collect()
}

/// One form's postings from its pieces, in the order of their runs.
fn join_pieces(pieces: &[(u32, RunForm)]) -> String {
    let mut last_part = 0;
    let mut size = 0;
    for (base, f) in pieces {
        size += number_len(base + f.first_part - last_part) + f.code.len();
        last_part = base + f.last_part;
    }
    let mut code = Vec::with_capacity(size);
    last_part = 0;
    for (base, f) in pieces {
        push_number(&mut code, base + f.first_part - last_part);
        code.extend_from_slice(&f.code);
        last_part = base + f.last_part;
    }
    debug_assert_eq!(code.len(), size);
    // The code holds only digits: ASCII.
    String::from_utf8(code).unwrap_or_default()
}

/// Digits [`push_number`] writes for `n`.
fn number_len(n: u32) -> usize {
    (32 - n.leading_zeros()).div_ceil(5).max(1) as usize
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
            section: String::new(),
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

    #[test]
    fn short_key_is_the_bytes_zero_padded() {
        let text: Vec<u8> = (1..=16).map(|i| i * 15).collect();
        for n in 0..=16 {
            let b = &text[..n];
            let mut padded = [0u8; 16];
            padded[..n].copy_from_slice(b);
            assert_eq!(short_key(b), u128::from_le_bytes(padded), "{n}");
        }
    }

    #[test]
    fn number_len_is_the_length_of_the_code() {
        let ns = [
            0,
            1,
            31,
            32,
            33,
            1023,
            1024,
            32767,
            32768,
            1 << 20,
            u32::MAX,
        ];
        for n in ns {
            let mut code = Vec::new();
            push_number(&mut code, n);
            assert_eq!(number_len(n), code.len(), "{n}");
            assert_eq!(numbers(std::str::from_utf8(&code).unwrap()), [n]);
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
        let docs = vec![
            doc(
                "Mức 2",
                "Về mục 2",
                &[("", "mức một\nmức hai"), ("Đăng ký mức 2", "Mức")],
            ),
            doc("Khác", "", &[("", "mục")]),
        ];
        // Documents merged in runs of one or of two: the same index.
        let index = Index::build(docs.clone(), 2);
        let apart = Index::build(docs, 1);
        let words = |i: &Index| -> Vec<(String, Vec<(String, String)>)> {
            i.words
                .iter()
                .map(|w| (w.folded.clone(), w.forms.clone()))
                .collect()
        };
        assert_eq!(words(&index), words(&apart));
        // Title "Mức 2": 2 words; a gap; "Về mục 2" at 3..6; d = 6; a gap; text from 7.
        assert_eq!(index.h, vec![2, 4, 1]);
        assert_eq!(index.d, vec![6, 2]);
        assert_eq!(index.parts, vec![2, 1]);
        let muc = forms(&index, "muc");
        assert_eq!(
            muc.iter().map(|(e, _)| e.as_str()).collect::<Vec<_>>(),
            ["mục", "mức"]
        );
        // "mức" in the title (0), the text (7, then 10 after the block gap),
        // then in part 1's heading (2) and text (5, after the gap).
        assert_eq!(
            postings(&muc[1].1),
            vec![(0, vec![0, 7, 10]), (1, vec![2, 5])]
        );
        // "mục": the description of page 0, then page 1's text (part 2).
        assert_eq!(postings(&muc[0].1), vec![(0, vec![4]), (2, vec![3])]);
        let two = forms(&index, "2");
        assert_eq!(
            two[0].0, "",
            "an exact form equal to the folded one is left empty"
        );
        assert_eq!(postings(&two[0].1), vec![(0, vec![1, 5]), (1, vec![3])]);
    }

    #[test]
    fn a_cap_keeps_the_first_occurrences_of_each_part_text_and_every_one_of_titles() {
        let d = doc("a a a", "", &[("", "a a a\nb"), ("h", "a a a")]);
        let index = |cap| {
            Index::from_runs(
                vec![d.meta()],
                vec![Run::read(std::slice::from_ref(&d), cap)],
            )
        };
        // Title at 0 to 2, a gap, no description, a gap, text from 5; the
        // second part: its heading at 0, a gap, text from 2. Positions go on
        // counting past the occurrences left out.
        let all = index(None);
        assert_eq!(
            postings(&forms(&all, "a")[0].1),
            vec![(0, vec![0, 1, 2, 5, 6, 7]), (1, vec![2, 3, 4])]
        );
        let capped = index(Some(2));
        assert_eq!(
            postings(&forms(&capped, "a")[0].1),
            vec![(0, vec![0, 1, 2, 5, 6]), (1, vec![2, 3])]
        );
        assert_eq!(postings(&forms(&capped, "b")[0].1), vec![(0, vec![9])]);
        // Two such documents in one run: the second counts afresh.
        let two = Index::from_runs(
            vec![d.meta(), d.meta()],
            vec![Run::read(&[d.clone(), d.clone()], Some(2))],
        );
        assert_eq!(
            postings(&forms(&two, "a")[0].1),
            vec![
                (0, vec![0, 1, 2, 5, 6]),
                (1, vec![2, 3]),
                (2, vec![0, 1, 2, 5, 6]),
                (3, vec![2, 3])
            ]
        );
    }

    #[test]
    fn words_are_sorted_as_javascript_sorts_strings() {
        let index = Index::build(vec![doc("b a", "", &[("", "ả c 𝒳 \u{FF21}")])], 1);
        let order: Vec<&str> = index.words.iter().map(|w| w.folded.as_str()).collect();
        // U+1D4B3 (𝒳, a surrogate pair) sorts before U+FF41 (ａ) in UTF-16.
        assert_eq!(order, ["a", "b", "c", "𝒳", "ａ"]);
    }
}
