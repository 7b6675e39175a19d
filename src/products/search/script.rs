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

use super::index::{Index, js_order, push_number};

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

/// The files' contents, as (output path, bytes), in the order of [`Layout::paths`].
pub fn files(index: &Index, layout: Layout) -> Vec<(String, String)> {
    let mut main = String::with_capacity(1024 + index.docs.len() * 256);
    main.push_str(OPEN);
    meta(&mut main, index);
    let mut out = Vec::new();
    if layout.word_files == 0 {
        main.push_str(",\"words\":");
        words(&mut main, 0, &index.words);
        main.push_str(",\"text\":");
        texts(&mut main, 0, 0..index.docs.len(), index);
    } else {
        let groups = split_words(index, layout.word_files);
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
        for (k, g) in groups.into_iter().enumerate() {
            let mut s = String::from(OPEN);
            s.push_str("\"words\":");
            words(&mut s, k, &index.words[g]);
            s.push_str(CLOSE);
            out.push((word_file(k), s));
        }
        for k in 0..layout.text_files {
            let mut s = String::from(OPEN);
            s.push_str("\"text\":");
            let from = (k * TEXT_FILE_DOCUMENTS).min(index.docs.len());
            let to = (from + TEXT_FILE_DOCUMENTS).min(index.docs.len());
            texts(&mut s, k, from..to, index);
            s.push_str(CLOSE);
            out.push((text_file(k), s));
        }
    }
    main.push_str(CLOSE);
    out.insert(0, (INDEX_FILE.to_string(), main));
    out
}

/// Files call the theme's script, if it is there (a theme may leave it out).
const OPEN: &str = "self.baihocSearch&&baihocSearch.add({";
const CLOSE: &str = "});\n";

/// Version, pages, parts per page, heading and description lengths.
fn meta(out: &mut String, index: &Index) {
    out.push_str("\"v\":1,\"pages\":[");
    for (i, doc) in index.docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        json_str(out, &doc.url);
        out.push(',');
        json_str(out, &doc.title);
        out.push_str(&format!(",{}]", doc.number));
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

/// `{"n":k,"from":first document,"docs":[[[id,heading,text]...]...]}`; the
/// first part of a document has no id and its description as heading.
fn texts(out: &mut String, k: usize, docs: std::ops::Range<usize>, index: &Index) {
    out.push_str(&format!("{{\"n\":{k},\"from\":{},\"docs\":[", docs.start));
    for (i, doc) in index.docs[docs].iter().enumerate() {
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
    out.push_str("]}");
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

/// Appends `s` as a JSON string, safe inside a script too: U+2028 and
/// U+2029, which older browsers refuse in a script's strings, are escaped.
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            c if (c as u32) < 0x20 => {
                out.push_str(&s[from..i]);
                out.push_str(&format!("\\u{:04x}", c as u32));
                from = i + c.len_utf8();
                continue;
            }
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(escaped);
        from = i + c.len_utf8();
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
