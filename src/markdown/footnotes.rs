//! Footnotes (`[^1]` … `[^1]: …`) with ids of their own: a note is
//! `fn-NAME` and the places that cite it are `fnref-NAME`, `fnref-NAME-2`,
//! ..., chosen before the headings' automatic ids, so a footnote and a
//! heading never share an id (pulldown-cmark gives a note its bare name,
//! which `## 1` or `{#1}` also takes). Each note links back to where it is cited.

use super::headings::UsedIds;
use super::{Labels, Spanned, escape};
use crate::text::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// The ids and numbers of a page's footnotes.
#[derive(Debug, Default)]
pub struct Ids {
    /// Name as written → its note.
    notes: HashMap<String, Note>,
    /// Ids in the order given.
    all: Vec<String>,
}

#[derive(Debug)]
struct Note {
    /// 1, 2, ... in order of first appearance (citation or note), as pulldown-cmark numbers them.
    number: usize,
    /// `fn-…`.
    id: String,
    /// `fnref-…`, one per citation, in order.
    refs: Vec<String>,
}

impl Ids {
    /// Numbers the footnotes of `events` and takes their ids from `used`.
    pub(crate) fn assign(events: &[Spanned<'_>], used: &mut UsedIds) -> Ids {
        let mut order: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut citations: HashMap<String, usize> = HashMap::new();
        for (event, _) in events {
            let name = match event {
                Event::FootnoteReference(name) => {
                    let name = key(name);
                    *citations.entry(name.clone()).or_default() += 1;
                    name
                }
                Event::Start(Tag::FootnoteDefinition(name)) => key(name),
                _ => continue,
            };
            if seen.insert(name.clone()) {
                order.push(name);
            }
        }
        let mut ids = Ids::default();
        let mut next_stem: HashMap<String, usize> = HashMap::new();
        for (i, name) in order.iter().enumerate() {
            let number = i + 1;
            let slug = match slugify(name) {
                s if s.is_empty() => number.to_string(),
                s => s,
            };
            let cited = citations.get(name).copied().unwrap_or(0);
            let stem = free_stem(used, &mut next_stem, slug, cited);
            let id = format!("fn-{stem}");
            let refs: Vec<String> = (1..=cited)
                .map(|k| match k {
                    1 => format!("fnref-{stem}"),
                    k => format!("fnref-{stem}-{k}"),
                })
                .collect();
            used.insert(id.clone());
            ids.all.push(id.clone());
            for r in &refs {
                used.insert(r.clone());
                ids.all.push(r.clone());
            }
            ids.notes.insert(name.clone(), Note { number, id, refs });
        }
        ids
    }

    /// Every footnote id of the page (notes and citations).
    pub fn all_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.all.iter().cloned()
    }
}

/// A footnote's name as labels are matched: case and blanks do not count.
fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `slug`, or `slug-2`, `slug-3`, ...: the first stem whose note id and
/// citation ids are all free. `next` remembers, per slug, where to go on
/// from, so many notes with one slug cost linear time.
fn free_stem(
    used: &UsedIds,
    next: &mut HashMap<String, usize>,
    slug: String,
    cited: usize,
) -> String {
    let free = |stem: &str| {
        !used.contains(&format!("fn-{stem}"))
            && (1..=cited).all(|k| {
                let r = match k {
                    1 => format!("fnref-{stem}"),
                    k => format!("fnref-{stem}-{k}"),
                };
                !used.contains(&r)
            })
    };
    if free(&slug) {
        return slug;
    }
    let n = next.entry(slug.clone()).or_insert(2);
    loop {
        let stem = format!("{slug}-{n}");
        *n += 1;
        if free(&stem) {
            return stem;
        }
    }
}

/// Writes citations and notes with their ids, and the links back.
pub(crate) fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    ids: &Ids,
    labels: &Labels,
) -> Vec<Spanned<'a>> {
    // Without notes every event stays as it is (a citation of a note that
    // does not exist is left to the writer): most pages have none.
    if ids.notes.is_empty() {
        return events;
    }
    let mut cited: HashMap<String, usize> = HashMap::new();
    let mut open: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        let event = match event {
            Event::FootnoteReference(name) => match ids.notes.get(&key(&name)) {
                Some(note) => {
                    let k = cited.entry(key(&name)).or_default();
                    let id = note.refs.get(*k).cloned().unwrap_or_default();
                    *k += 1;
                    Event::InlineHtml(CowStr::from(format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{}\" id=\"{}\">{}</a></sup>",
                        escape(&note.id),
                        escape(&id),
                        note.number
                    )))
                }
                None => Event::FootnoteReference(name),
            },
            Event::Start(Tag::FootnoteDefinition(name)) => match ids.notes.get(&key(&name)) {
                Some(note) => {
                    open.push(key(&name));
                    Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{}</sup>",
                        escape(&note.id),
                        note.number
                    )))
                }
                None => Event::Start(Tag::FootnoteDefinition(name)),
            },
            Event::End(TagEnd::FootnoteDefinition) => match open.pop() {
                Some(name) => {
                    let mut html = String::new();
                    if let Some(note) = ids.notes.get(&name) {
                        let label = labels
                            .footnote_back
                            .replace("{n}", &note.number.to_string());
                        for (k, r) in note.refs.iter().enumerate() {
                            let mark = if k == 0 {
                                "↩".to_string()
                            } else {
                                format!("↩{}", k + 1)
                            };
                            html.push_str(&format!(
                                " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{}\">{mark}</a>",
                                escape(r),
                                escape(&label)
                            ));
                        }
                    }
                    html.push_str("</div>\n");
                    Event::Html(html.into())
                }
                None => Event::End(TagEnd::FootnoteDefinition),
            },
            other => other,
        };
        out.push((event, range));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{printed, render_str};

    #[test]
    fn footnotes_and_headings_never_share_an_id() {
        let r = render_str(
            "## Ghi chú\n\nMột[^ghi-chu] hai[^1] ba[^ghi-chu].\n\n## 1 {#fn-1}\n\n[^ghi-chu]: Nguồn A.\n[^1]: Nguồn B.\n",
        );
        let ids = crate::markdown::test_support::ids_in(&r.html);
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            ids.len(),
            unique.len(),
            "an id used twice: {ids:?}\n{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"ghi-chu\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"fn-1\">"), "{}", r.html);
        assert!(
            r.html.contains("<sup class=\"footnote-reference\"><a href=\"#fn-ghi-chu\" id=\"fnref-ghi-chu\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a href=\"#fn-ghi-chu\" id=\"fnref-ghi-chu-2\">1</a>"),
            "{}",
            r.html
        );
        // The note named 1 cannot be fn-1: the heading has it.
        assert!(r.html.contains("<div class=\"footnote-definition\" id=\"fn-1-2\"><sup class=\"footnote-definition-label\">2</sup>"), "{}", r.html);
        assert!(
            r.html
                .contains("<a href=\"#fn-1-2\" id=\"fnref-1-2\">2</a>"),
            "{}",
            r.html
        );
        assert!(r.diagnostics.is_empty(), "{:?}", printed(&r));
    }

    #[test]
    fn every_citation_has_a_link_back_and_every_link_a_target() {
        let r = render_str("A[^n] B[^n]\n\n[^n]: Chú thích.\n");
        assert!(
            r.html.contains("<a href=\"#fnref-n\" class=\"footnote-backref\" aria-label=\"Quay lại chỗ có chú thích 1\">↩</a> <a href=\"#fnref-n-2\" class=\"footnote-backref\" aria-label=\"Quay lại chỗ có chú thích 1\">↩2</a></div>"),
            "{}",
            r.html
        );
        let ids = crate::markdown::test_support::ids_in(&r.html);
        for href in crate::markdown::test_support::fragments_in(&r.html) {
            assert!(ids.contains(&href), "#{href} has no target: {}", r.html);
        }
        for id in ["fn-n", "fnref-n", "fnref-n-2"] {
            assert!(r.ids.contains(&id.to_string()), "{:?}", r.ids);
        }
    }

    #[test]
    fn a_note_without_citation_and_a_name_without_letters() {
        let r = render_str("Chữ.\n\n[^…]: Không ai dẫn.\n");
        assert!(
            r.html.contains("<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("footnote-backref"), "{}", r.html);
    }
}
