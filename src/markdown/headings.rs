//! Heading ids and the table of contents: every heading gets a stable id
//! from a Vietnamese-aware slug of its text ("Kích hoạt tài khoản" →
//! `kich-hoat-tai-khoan`), unless the author wrote one (`## Tiêu đề {#id}`);
//! repeated ids get `-1`, `-2`, ... Headings of level 2 and 3 make the
//! "on this page" list.

use crate::text::slugify;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashSet;

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

/// Gives every heading an id. Returns the table of contents and all ids.
pub fn assign_ids(events: &mut [Event<'_>]) -> (Vec<TocEntry>, Vec<String>) {
    let mut toc = Vec::new();
    let mut ids = Vec::new();
    // Ids the author wrote are reserved first, so an earlier automatic id never takes them.
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let level = *level;
        let explicit = id.as_ref().map(|s| s.to_string());
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j] {
                text.push_str(t);
            }
            j += 1;
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let chosen = match explicit {
            Some(id) => id,
            None => unique(&mut used, slugify(&text)),
        };
        used.insert(chosen.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
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
        i = j;
    }
    (toc, ids)
}

fn unique(used: &mut HashSet<String>, base: String) -> String {
    let base = if base.is_empty() {
        "muc".to_string()
    } else {
        base
    };
    if !used.contains(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_str;

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
}
