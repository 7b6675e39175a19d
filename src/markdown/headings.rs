//! Heading ids and the table of contents: every heading gets a stable id
//! from a Vietnamese-aware slug of its text ("Kích hoạt tài khoản" →
//! `kich-hoat-tai-khoan`), unless the author wrote one (`## Tiêu đề {#id}`,
//! read by [`super::attributes`]); repeated automatic ids get `-1`, `-2`,
//! ...; an id written twice is an error. Headings of level 2 and 3 make the
//! "on this page" list. A first `# Heading` that repeats the page's title
//! is left out: the page shows the title already.

use super::{Locator, Spanned};
use crate::diagnostics::Diagnostic;
use crate::text::slugify;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// One entry of "on this page".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}

/// Ids taken on a page, and for each automatic id the next suffix to try,
/// so that many headings with the same text cost linear time (restarting
/// the count at `-1` for each of 20,000 "Bước 1" took 31 s).
#[derive(Debug, Default)]
pub struct UsedIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UsedIds {
    /// True when `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// Takes `id`.
    pub fn insert(&mut self, id: String) {
        self.taken.insert(id);
    }

    /// `base` if free, else the first free `base-N`; taken before returning.
    pub fn unique(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// The ids the author wrote (`{#id}`), reserved before any automatic id is
/// chosen, so that an earlier automatic id never takes them.
pub(crate) fn explicit_ids(events: &[Spanned<'_>]) -> UsedIds {
    let mut used = UsedIds::default();
    for (event, _) in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    used
}

/// The plain text of the heading starting at `events[start]`, with blanks
/// folded, and the index of its `End`.
fn heading_text(events: &[Spanned<'_>], start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut j = start + 1;
    while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
        if let Event::Text(t) | Event::Code(t) = &events[j].0 {
            text.push_str(t);
        }
        j += 1;
    }
    (fold(&text), j)
}

/// Blanks folded to single spaces, trimmed.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Leaves out a level-1 heading that opens the body when its text is the
/// title (compared after Unicode NFC and folding blanks).
pub(crate) fn drop_repeated_title(events: &mut Vec<Spanned<'_>>, title: &str) {
    let Some((Event::Start(Tag::Heading { level, .. }), _)) = events.first() else {
        return;
    };
    if *level != HeadingLevel::H1 {
        return;
    }
    let (text, end) = heading_text(events, 0);
    let same = |a: &str, b: &str| a.nfc().eq(b.nfc());
    if end < events.len() && same(&text, &fold(title)) {
        events.drain(..=end);
    }
}

/// Gives every heading an id; an id the author wrote twice is an error at
/// the second. Returns the table of contents and every heading id.
pub(crate) fn assign_ids(
    events: &mut [Spanned<'_>],
    mut used: UsedIds,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<TocEntry>, Vec<String>) {
    let mut toc = Vec::new();
    let mut ids = Vec::new();
    // Explicit id -> line of the heading that wrote it first.
    let mut written: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::Heading { level, id, .. }), range) = &events[i] else {
            i += 1;
            continue;
        };
        let level = *level;
        let explicit = id.as_ref().map(|s| s.to_string());
        let offset = range.start;
        let (text, end) = heading_text(events, i);
        let chosen = match explicit {
            Some(id) => {
                if let Some(first) = written.get(&id) {
                    diags.push(at.error(
                        offset,
                        format!("the id `{id}` is already used by the heading on line {first}"),
                        "give each heading its own id: two elements with one id break links to them",
                    ));
                } else {
                    written.insert(id.clone(), at.line(offset));
                }
                id
            }
            None => {
                let base = slugify(&text);
                used.unique(if base.is_empty() { "muc".into() } else { base })
            }
        };
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(chosen.clone().into());
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            toc.push(TocEntry {
                level: level as u8,
                id: chosen.clone(),
                title: text,
            });
        }
        ids.push(chosen);
        i = end;
    }
    (toc, ids)
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{printed, render_str, render_titled};
    use std::time::{Duration, Instant};

    #[test]
    fn vietnamese_ids_with_duplicates() {
        let r = render_str(
            "## Kích hoạt tài khoản\n\n## Kích hoạt tài khoản\n\n### Bước `1`: Đăng ký\n\n## ?\n",
        );
        assert!(
            r.html.contains("<h2 id=\"kich-hoat-tai-khoan\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"kich-hoat-tai-khoan-1\">"));
        assert!(r.html.contains("<h3 id=\"buoc-1-dang-ky\">"));
        assert!(r.html.contains("<h2 id=\"muc\">"));
        assert_eq!(r.ids.len(), 4);
        assert_eq!(r.toc[2].title, "Bước 1: Đăng ký");
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn explicit_ids_win_and_block_auto_ids() {
        let r = render_str("## Giới thiệu\n\n## Mở đầu {#gioi-thieu}\n\n#### Sâu\n");
        assert!(
            r.html.contains("<h2 id=\"gioi-thieu-1\">Giới thiệu"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"gioi-thieu\">Mở đầu"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2, "level 4 is not in the table of contents");
        assert!(r.ids.contains(&"sau".to_string()));
    }

    #[test]
    fn an_id_written_twice_is_an_error_at_the_second() {
        let r = render_str("## Một {#a}\n\n## Hai\n\n## Ba {#a}\n");
        let w = printed(&r);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0],
            "content/p.md:9:1: error: the id `a` is already used by the heading on line 5\n  hint: give each heading its own id: two elements with one id break links to them"
        );
    }

    #[test]
    fn automatic_ids_skip_taken_suffixes() {
        let r = render_str("## A\n\n## A-1 {#a-1}\n\n## A\n\n## A\n");
        assert_eq!(r.ids, ["a", "a-1", "a-2", "a-3"]);
    }

    #[test]
    fn twenty_thousand_identical_headings_are_quick() {
        let body = "## Bước\n\n".repeat(20_000);
        let start = Instant::now();
        let r = render_str(&body);
        let took = start.elapsed();
        assert_eq!(r.ids.len(), 20_000);
        assert_eq!(r.ids[19_999], "buoc-19999");
        // Quadratic, this took 31 s in a release build; linear, well under a second in debug.
        assert!(took < Duration::from_secs(5), "took {took:?}");
    }

    #[test]
    fn a_first_heading_repeating_the_title_is_left_out() {
        let r = render_titled("#  Cài đặt   VNeID\n\nNội dung.\n", "Cài đặt VNeID");
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(r.html.contains("<p>Nội dung.</p>"), "{}", r.html);
        // NFD in the body, NFC in the front matter.
        let nfd = "Cài đặt".chars().collect::<String>();
        let decomposed: String =
            unicode_normalization::UnicodeNormalization::nfd(nfd.as_str()).collect();
        let r = render_titled(&format!("{decomposed}\n===\n\nx\n"), "Cài đặt");
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(r.ids.is_empty(), "{:?}", r.ids);
    }

    #[test]
    fn other_first_headings_stay() {
        for (body, title) in [
            ("# Khác\n", "Cài đặt"),
            ("## Cài đặt\n", "Cài đặt"),
            ("Mở đầu\n\n# Cài đặt\n", "Cài đặt"),
            ("# cài đặt\n", "Cài đặt"),
        ] {
            let r = render_titled(body, title);
            assert!(r.html.contains("<h"), "{body:?}: {}", r.html);
        }
    }
}
