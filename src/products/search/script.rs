//! The index as script files: each is one call `baihocSearch.add({...})`
//! with JSON inside, loaded by the theme's `search.js` with a `<script>`
//! element, never `fetch` (which file:// refuses). A small site has one
//! file; a large one has the pages and part lists in `search/index.js`,
//! the words in [`Layout::word_files`] files cut at word boundaries (a
//! query loads those its words fall in) and the texts for snippets in
//! files of [`TEXT_FILE_DOCUMENTS`] documents (loaded for the results shown).
//!
//! How many files there are depends only on the number of documents, so
//! it is known when products declare their files, before any rendering.

use super::index::{Doc, Index, Meta, Run, js_order, push_number};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;

/// The first file, which the theme loads.
pub const INDEX_FILE: &str = "search/index.js";
/// Sites with up to this many documents get a single file.
pub const SINGLE_FILE_DOCUMENTS: usize = 300;
/// Documents per file of words, on a large site.
pub const WORD_FILE_DOCUMENTS: usize = 250;
/// Documents per file of texts, on a large site.
pub const TEXT_FILE_DOCUMENTS: usize = 50;

/// The files of the index for a number of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Files of words (0: all in the index file).
    pub word_files: usize,
    /// Files of texts (0: all in the index file).
    pub text_files: usize,
}

impl Layout {
    /// The layout for `documents` documents.
    pub fn for_documents(documents: usize) -> Layout {
        if documents <= SINGLE_FILE_DOCUMENTS {
            return Layout {
                word_files: 0,
                text_files: 0,
            };
        }
        Layout {
            word_files: documents.div_ceil(WORD_FILE_DOCUMENTS),
            text_files: documents.div_ceil(TEXT_FILE_DOCUMENTS),
        }
    }

    /// Every output path, the index file first.
    pub fn paths(&self) -> Vec<String> {
        let mut out = vec![INDEX_FILE.to_string()];
        out.extend((0..self.word_files).map(word_file));
        out.extend((0..self.text_files).map(text_file));
        out
    }
}

/// Output path of a file of words.
pub fn word_file(k: usize) -> String {
    format!("search/words-{k}.js")
}

/// Output path of a file of texts.
pub fn text_file(k: usize) -> String {
    format!("search/text-{k}.js")
}

/// On a large site, occurrences kept of a word form in the text of one part
/// (its first ones: enough to rank, and the index stays small and quick to build).
pub const LARGE_SITE_OCCURRENCES: u32 = 2;
/// On a large site, bytes kept of the text of one part for its snippet
/// (about the 170 characters search.js shows: a snippet shows the start of
/// the part when its words are further on).
pub const LARGE_SITE_TEXT: usize = 200;

/// Builds the index of `n` documents, `doc(i)` being the `i`th (made in
/// parallel), and hands each file to `write` as soon as it is ready (in
/// parallel too), so that the texts of a large site are never all in
/// memory at once. Returns the problems `write` reported.
pub fn write_index<W>(n: usize, doc: impl Fn(usize) -> Doc + Sync, write: W) -> Vec<Diagnostic>
where
    W: Fn(&str, String) -> Result<(), Diagnostic> + Sync,
{
    let layout = Layout::for_documents(n);
    let large = layout.text_files > 0;
    let cap = large.then_some(LARGE_SITE_OCCURRENCES);
    let failed = std::sync::Mutex::new(Vec::new());
    let report = |r: Result<(), Diagnostic>| {
        if let Err(d) = r {
            failed.lock().unwrap_or_else(|e| e.into_inner()).push(d);
        }
    };
    // Documents in runs of TEXT_FILE_DOCUMENTS: each run's texts are one
    // file on a large site; on a small one, part of the index file.
    let runs: Vec<(Vec<Meta>, Run, String)> = (0..n.div_ceil(TEXT_FILE_DOCUMENTS))
        .into_par_iter()
        .map(|k| {
            let range = k * TEXT_FILE_DOCUMENTS..((k + 1) * TEXT_FILE_DOCUMENTS).min(n);
            let mut docs: Vec<Doc> = range.map(&doc).collect();
            let run = Run::read(&docs, cap);
            // Every word is indexed; the snippets of a large site keep less.
            if large {
                for d in &mut docs {
                    for p in &mut d.parts {
                        shorten(&mut p.text, LARGE_SITE_TEXT);
                    }
                }
            }
            let mut text = String::with_capacity(text_size(&docs));
            texts(&mut text, &docs);
            if large {
                let mut file = String::with_capacity(text.len() + 64);
                file.push_str(OPEN);
                file.push_str(&format!(
                    "\"text\":{{\"n\":{k},\"from\":{},\"docs\":[",
                    k * TEXT_FILE_DOCUMENTS
                ));
                file.push_str(&text);
                file.push_str("]}");
                file.push_str(CLOSE);
                report(write(&text_file(k), file));
                text = String::new();
            }
            (docs.iter().map(Doc::meta).collect(), run, text)
        })
        .collect();
    let mut meta = Vec::with_capacity(n);
    let mut merged = Vec::with_capacity(runs.len());
    let mut text = Vec::with_capacity(runs.len());
    for (m, r, t) in runs {
        meta.extend(m);
        merged.push(r);
        text.push(t);
    }
    let index = Index::from_runs(meta, merged);
    let mut main = String::with_capacity(1024 + index.meta.len() * 128);
    main.push_str(OPEN);
    meta_json(&mut main, &index);
    if large {
        let groups = split_words(&index, layout.word_files);
        main.push_str(",\"split\":{\"words\":[");
        for (k, g) in groups.iter().enumerate().skip(1) {
            if k > 1 {
                main.push(',');
            }
            // The first word of each file but the first: where it starts.
            let first = index.words.get(g.start).map_or("\u{FFFF}", |w| &w.folded);
            json_str(&mut main, first);
        }
        main.push_str(&format!("],\"text\":{TEXT_FILE_DOCUMENTS}}}"));
        groups.into_par_iter().enumerate().for_each(|(k, g)| {
            let list = &index.words[g];
            let mut s = String::with_capacity(64 + list.iter().map(|w| w.weight()).sum::<usize>());
            s.push_str(OPEN);
            s.push_str("\"words\":");
            words(&mut s, k, list);
            s.push_str(CLOSE);
            report(write(&word_file(k), s));
        });
    } else {
        main.reserve(index.words.iter().map(|w| w.weight()).sum::<usize>());
        main.push_str(",\"words\":");
        words(&mut main, 0, &index.words);
        main.push_str(",\"text\":{\"n\":0,\"from\":0,\"docs\":[");
        let mut first = true;
        for t in text.iter().filter(|t| !t.is_empty()) {
            if !first {
                main.push(',');
            }
            first = false;
            main.push_str(t);
        }
        main.push_str("]}");
    }
    main.push_str(CLOSE);
    report(write(INDEX_FILE, main));
    failed.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Cuts `text` to at most `max` bytes, at a space when there is one.
fn shorten(text: &mut String, max: usize) {
    if text.len() <= max {
        return;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(space) = text[..end].rfind([' ', '\n']) {
        end = space;
    }
    text.truncate(end);
    text.push('…');
}

/// About the bytes the texts of `docs` take in a file.
fn text_size(docs: &[Doc]) -> usize {
    docs.iter()
        .map(|d| {
            d.description.len()
                + d.parts
                    .iter()
                    .map(|p| p.id.len() + p.heading.len() + p.text.len() + 16)
                    .sum::<usize>()
        })
        .sum()
}

/// Files call the theme's script, if it is there (a theme may leave it out).
const OPEN: &str = "self.baihocSearch&&baihocSearch.add({";
const CLOSE: &str = "});\n";

/// Version, pages (`[url, title, number]`, then the section's title when
/// there is one), parts per page, heading and description lengths.
fn meta_json(out: &mut String, index: &Index) {
    out.push_str("\"v\":1,\"pages\":[");
    for (i, doc) in index.meta.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        json_str(out, &doc.url);
        out.push(',');
        json_str(out, &doc.title);
        out.push_str(&format!(",{}", doc.number));
        if !doc.section.is_empty() {
            out.push(',');
            json_str(out, &doc.section);
        }
        out.push(']');
    }
    out.push(']');
    for (name, list) in [("parts", &index.parts), ("h", &index.h), ("d", &index.d)] {
        let mut code = Vec::with_capacity(list.len() + 8);
        for &n in list.iter() {
            push_number(&mut code, n);
        }
        out.push_str(&format!(",\"{name}\":\""));
        out.push_str(std::str::from_utf8(&code).unwrap_or_default());
        out.push('"');
    }
}

/// `{"n":k,"w":[folded...],"p":[[exact,code,...]...]}`: exact forms equal
/// to the folded word are written empty.
fn words(out: &mut String, k: usize, list: &[super::index::Word]) {
    out.push_str(&format!("{{\"n\":{k},\"w\":["));
    for (i, w) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(out, &w.folded);
    }
    out.push_str("],\"p\":[");
    for (i, w) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, (exact, code)) in w.forms.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            json_str(out, exact);
            out.push_str(",\"");
            out.push_str(code);
            out.push('"');
        }
        out.push(']');
    }
    out.push_str("]}");
}

/// The texts of `docs`, `[[id,heading,text]...]` each, joined by commas;
/// the first part of a document has no id and its description as heading.
fn texts(out: &mut String, docs: &[Doc]) {
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, part) in doc.parts.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push('[');
            json_str(out, &part.id);
            out.push(',');
            json_str(
                out,
                if j == 0 {
                    &doc.description
                } else {
                    &part.heading
                },
            );
            out.push(',');
            json_str(out, &part.text);
            out.push(']');
        }
        out.push(']');
    }
}

/// Cuts the sorted words into `n` runs of about the same weight.
fn split_words(index: &Index, n: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = index.words.iter().map(|w| w.weight()).sum();
    let mut groups = Vec::with_capacity(n);
    let mut start = 0;
    let mut acc = 0;
    for (i, w) in index.words.iter().enumerate() {
        acc += w.weight();
        let k = groups.len();
        if k + 1 < n && acc * n >= total * (k + 1) {
            groups.push(start..i + 1);
            start = i + 1;
        }
    }
    groups.push(start..index.words.len());
    while groups.len() < n {
        let end = index.words.len();
        groups.push(end..end);
    }
    debug_assert!(
        index
            .words
            .windows(2)
            .all(|w| js_order(&w[0].folded, &w[1].folded).is_lt())
    );
    groups
}

/// Bytes [`json_str`] may have to escape: controls, `"`, `\\`, and the first
/// byte of U+2028 and U+2029. Without branches, so that a test over a block
/// of bytes is vectorised.
#[inline]
fn needs_care(x: u8) -> bool {
    (x < 0x20) | (x == b'"') | (x == b'\\') | (x == 0xE2)
}

/// Appends `s` as a JSON string, safe inside a script too: U+2028 and
/// U+2029, which older browsers refuse in a script's strings, are escaped.
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        // Blocks of 32 bytes with none that needs care are skipped whole:
        // most of the text.
        while let Some(block) = b.get(i..i + 32) {
            if block.iter().fold(0u8, |a, &x| a | u8::from(needs_care(x))) != 0 {
                break;
            }
            i += 32;
        }
        let Some(&c) = b.get(i) else { break };
        if !needs_care(c) {
            i += 1;
            continue;
        }
        let escaped: std::borrow::Cow<'static, str> = match c {
            b'"' => "\\\"".into(),
            b'\\' => "\\\\".into(),
            b'\n' => "\\n".into(),
            b'\r' => "\\r".into(),
            b'\t' => "\\t".into(),
            0..0x20 => format!("\\u{c:04x}").into(),
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                let e = if b[i + 2] == 0xA8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                };
                out.push_str(&s[from..i]);
                out.push_str(e);
                i += 3;
                from = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[from..i]);
        out.push_str(&escaped);
        i += 1;
        from = i;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_what_json_and_scripts_need() {
        let mut s = String::new();
        json_str(&mut s, "a\"b\\c\nd\u{1}e\u{2028}f</script>ế");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001e\\u2028f</script>ế\"");
        let parsed: String = serde_json::from_str(&s).unwrap();
        assert_eq!(parsed, "a\"b\\c\nd\u{1}e\u{2028}f</script>ế");
        // Whatever needs care, at every place around the 32-byte blocks
        // that are skipped whole, and long runs that need none.
        for special in ["\"", "\\", "\n", "\u{1f}", "\u{2028}", "\u{2029}", "–"] {
            for at in 0..100 {
                let text = format!("{}{special}{}", "ă".repeat(at / 2), "x".repeat(at));
                let mut s = String::new();
                json_str(&mut s, &text);
                let parsed: String = serde_json::from_str(&s).unwrap();
                assert_eq!(parsed, text);
                assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'), "{s}");
                assert_eq!(s.matches('\n').count(), 0);
            }
        }
    }

    #[test]
    fn small_sites_get_one_file_large_ones_files_by_document_count() {
        assert_eq!(Layout::for_documents(23).paths(), [INDEX_FILE]);
        let large = Layout::for_documents(1001);
        assert_eq!((large.word_files, large.text_files), (5, 21));
        let paths = large.paths();
        assert_eq!(paths.len(), 1 + 5 + 21);
        assert_eq!(paths[1], "search/words-0.js");
        assert_eq!(paths[26], "search/text-20.js");
    }
}
