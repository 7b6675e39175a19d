//! Template contexts: the serialisable views templates see, kept apart from
//! the domain types so either can change without the other. Navigation is
//! bounded: a page carries its own section's list, its breadcrumb and
//! previous/next, never the whole site tree (which would make output grow
//! with the square of the page count).

use crate::content::{Document, SectionId, Site};
use crate::markdown::TocEntry;
use crate::resolve::{Resolved, SECTION_PAGE_SIZE, Target, relative_url, root_prefix};
use crate::sources::{Source, Status};
use serde::Serialize;
use std::sync::OnceLock;
use tera::Context;

/// The site, as templates see it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// Course title.
    pub title: &'a str,
    /// Course description.
    pub description: &'a str,
    /// Content language.
    pub language: &'a str,
    /// Publisher.
    pub organisation: Option<&'a str>,
    /// Published address, when set.
    pub base_url: Option<&'a str>,
}

/// A link to another document.
#[derive(Serialize, Debug, Clone)]
pub struct LinkView {
    /// Its title.
    pub title: String,
    /// Relative URL from the page being rendered.
    pub url: String,
    /// Its description.
    pub description: Option<String>,
    /// For a lesson, its number in reading order (1 for the first lesson of the course).
    pub number: Option<usize>,
}

/// A cited document, for the "Căn cứ" box.
#[derive(Serialize, Debug, Clone)]
pub struct SourceView {
    /// Registry id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Official number.
    pub number: Option<String>,
    /// Issue date, dd/mm/yyyy.
    pub date: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// law, decree, decision, directive, circular, article.
    pub kind: Option<String>,
    /// `in-force`, `replaced` or `expired`.
    pub status: &'static str,
    /// Number (or name) of the replacing document.
    pub replaced_by: Option<String>,
    /// A plain sentence for readers.
    pub note: Option<String>,
    /// Official link.
    pub url: Option<String>,
}

impl SourceView {
    /// The view of one registry entry.
    pub fn of(source: &Source, site: &Site) -> SourceView {
        SourceView {
            id: source.id.clone(),
            name: source.name.clone(),
            number: source.number.clone(),
            date: source.date.map(|d| d.to_vietnamese()),
            issuer: source.issuer.clone(),
            kind: source.kind.clone(),
            status: match source.status {
                Status::InForce => "in-force",
                Status::Replaced => "replaced",
                Status::Expired => "expired",
            },
            replaced_by: source
                .replaced_by
                .as_deref()
                .and_then(|id| site.registry.get(id))
                .map(|r| r.number.clone().unwrap_or_else(|| r.name.clone())),
            note: source.note.clone(),
            url: source.url.clone(),
        }
    }
}

/// The document being rendered.
#[derive(Serialize)]
pub struct DocView<'a> {
    /// `home`, `section` or `page`.
    pub kind: &'static str,
    /// Title.
    pub title: &'a str,
    /// Description, falling back to the site's (for the meta description).
    pub description: &'a str,
    /// Its own description only: the introduction shown under the title.
    pub lead: Option<&'a str>,
    /// For a lesson, its number in reading order.
    pub number: Option<usize>,
    /// The body as HTML (print with `| safe`).
    pub content: &'a str,
    /// "On this page".
    pub toc: &'a [TocEntry],
    /// Who it is for.
    pub audience: &'a [String],
    /// Keywords.
    pub tags: &'a [String],
    /// Publication date, dd/mm/yyyy.
    pub date: Option<String>,
    /// When its facts were last checked, dd/mm/yyyy.
    pub reviewed: Option<String>,
    /// The same, YYYY-MM-DD (for `<time datetime>`).
    pub reviewed_iso: Option<String>,
    /// Source file, relative to the site root.
    pub source: String,
    /// Its own URL (its file name).
    pub url: String,
    /// Documents it cites.
    pub sources: Vec<SourceView>,
}

/// A section with its lessons.
#[derive(Serialize, Debug, Clone)]
pub struct SectionView {
    /// Title.
    pub title: String,
    /// Relative URL of its index page.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Its published pages, in order: all of them, or the part shown here
    /// (around the current lesson, one page of a long section, the first
    /// few on the home page).
    pub pages: Vec<LinkView>,
    /// Its subsections, in order.
    pub subsections: Vec<LinkView>,
    /// How many published pages it has in all.
    pub count: usize,
    /// Digits of the largest lesson number in `pages` (for the list's indent).
    pub digits: usize,
}

impl SectionView {
    /// The same section showing only `pages[range]`.
    fn part(&self, range: std::ops::Range<usize>) -> SectionView {
        let pages = self.pages[range].to_vec();
        SectionView {
            digits: digits(&pages),
            pages,
            title: self.title.clone(),
            url: self.url.clone(),
            description: self.description.clone(),
            subsections: self.subsections.clone(),
            count: self.count,
        }
    }
}

/// Digits of the largest lesson number among `pages` (0 when none is numbered).
fn digits(pages: &[LinkView]) -> usize {
    pages
        .iter()
        .filter_map(|p| p.number)
        .max()
        .map_or(0, |n| n.to_string().len())
}

/// Lessons listed before and after the current one in a lesson's section
/// list; a longer section shows this window and a link to the section page.
pub const NAV_AROUND: usize = 5;
/// Lessons of each section listed on the home page.
pub const HOME_LESSONS: usize = 10;

/// One page of a long section's list.
#[derive(Serialize, Debug, Clone)]
pub struct PaginationView {
    /// Relative URL of the previous part.
    pub prev: Option<String>,
    /// Relative URL of the next part.
    pub next: Option<String>,
    /// Links to the first, last and nearby parts.
    pub pages: Vec<PartLink>,
}

/// A link to one part of a section's list.
#[derive(Serialize, Debug, Clone)]
pub struct PartLink {
    /// Its number, from 1.
    pub number: usize,
    /// Relative URL.
    pub url: String,
    /// True for the part being shown.
    pub current: bool,
}

/// Builds template contexts. What is the same for many documents (the site,
/// each section's page list) is built once and shared: Tera values are
/// reference-counted, so each document's context costs only its own data.
pub struct Ctx<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its published map.
    pub resolved: &'a Resolved,
    site_value: tera::Value,
    /// Each visible section's full view, URLs relative to the section's own
    /// folder (where its index and its pages are written). Built when first
    /// needed: a partial re-render writes a few pages and needs a few.
    sections: Vec<OnceLock<Option<SectionView>>>,
    /// The same, ready for templates: shown whole where a section is short.
    section_values: Vec<OnceLock<Option<tera::Value>>>,
    /// The top-level sections with their pages, URLs relative to the root (home page only).
    home_sections: OnceLock<tera::Value>,
    /// Site-wide pages templates link to: (template variable, output path).
    links: &'a [(&'static str, String)],
    /// Each document's own files of other products (its slide deck...).
    document_links: Option<&'a std::collections::HashMap<Target, Vec<(&'static str, String)>>>,
}

impl<'a> Ctx<'a> {
    /// Prepares the shared parts. `links` are the site-wide pages templates
    /// may link to, as (template variable, output path).
    pub fn new(
        site: &'a Site,
        resolved: &'a Resolved,
        links: &'a [(&'static str, String)],
    ) -> Self {
        Ctx {
            site,
            resolved,
            site_value: tera::Value::from_serializable(&SiteView {
                title: &site.config.title,
                description: &site.config.description,
                language: &site.config.language,
                organisation: site.config.organisation.as_deref(),
                base_url: site.config.base_url.as_deref(),
            }),
            sections: (0..site.sections.len()).map(|_| OnceLock::new()).collect(),
            section_values: (0..site.sections.len()).map(|_| OnceLock::new()).collect(),
            home_sections: OnceLock::new(),
            links,
            document_links: None,
        }
    }

    /// A visible section's full view, seen from its own folder.
    fn full_section(&self, s: SectionId) -> Option<&SectionView> {
        self.sections
            .get(s)?
            .get_or_init(|| {
                self.resolved
                    .is_visible(s)
                    .then(|| self.section_view(&self.resolved.section_out[s], s))
            })
            .as_ref()
    }

    /// The same, as a template value.
    fn section_value(&self, s: SectionId) -> Option<tera::Value> {
        self.section_values
            .get(s)?
            .get_or_init(|| self.full_section(s).map(tera::Value::from_serializable))
            .clone()
    }

    /// The top-level sections with their first lessons, for the home page.
    fn home_sections(&self) -> tera::Value {
        self.home_sections
            .get_or_init(|| {
                let home = &self.resolved.section_out[0];
                let sections: Vec<SectionView> = self.resolved.section_subs[0]
                    .iter()
                    .map(|&s| {
                        let view = self.section_view(home, s);
                        view.part(0..view.pages.len().min(HOME_LESSONS))
                    })
                    .collect();
                tera::Value::from_serializable(&sections)
            })
            .clone()
    }

    /// Adds each document's links to its own files of other products
    /// (template variables such as `deck_url`).
    pub fn with_document_links(
        mut self,
        links: &'a std::collections::HashMap<Target, Vec<(&'static str, String)>>,
    ) -> Self {
        self.document_links = Some(links);
        self
    }

    fn doc(&self, t: Target) -> &'a Document {
        match t {
            Target::Page(p) => &self.site.pages[p].doc,
            Target::Section(s) => &self.site.sections[s].doc,
        }
    }

    fn link(&self, from_out: &str, t: Target) -> LinkView {
        let doc = self.doc(t);
        LinkView {
            title: doc.front.title.clone(),
            url: relative_url(from_out, self.resolved.out_of(t)),
            description: doc.front.description.clone(),
            number: match t {
                Target::Page(p) => self.resolved.number(p),
                Target::Section(_) => None,
            },
        }
    }

    /// A section with its page list, seen from `from_out`.
    pub fn section_view(&self, from_out: &str, s: SectionId) -> SectionView {
        let link = self.link(from_out, Target::Section(s));
        let pages: Vec<LinkView> = self.resolved.section_pages[s]
            .iter()
            .map(|&p| self.link(from_out, Target::Page(p)))
            .collect();
        SectionView {
            count: pages.len(),
            digits: digits(&pages),
            pages,
            subsections: self.resolved.section_subs[s]
                .iter()
                .map(|&c| self.link(from_out, Target::Section(c)))
                .collect(),
            title: link.title,
            url: link.url,
            description: link.description,
        }
    }

    /// The sections from the home page down to `s` (home first).
    fn ancestry(&self, mut s: SectionId) -> Vec<SectionId> {
        let mut chain = vec![s];
        while let Some(p) = self.site.sections[s].parent {
            chain.push(p);
            s = p;
        }
        chain.reverse();
        chain
    }

    /// The template context of a document whose body is already rendered.
    pub fn context(&self, t: Target, content: &str, toc: &[TocEntry]) -> Context {
        self.context_part(t, content, toc, 0)
    }

    /// The section list a document shows: the whole list when it is short;
    /// for a lesson in a long section, the lessons around it; for one part
    /// of a long section's page, that part's lessons.
    fn shown_section(&self, t: Target, s: SectionId, part: usize) -> Option<tera::Value> {
        let full = self.full_section(s)?;
        let n = full.pages.len();
        let range = match t {
            Target::Page(p) if n > 2 * NAV_AROUND + 1 => {
                let i = self.resolved.section_pages[s]
                    .iter()
                    .position(|&q| q == p)?;
                let start = i.saturating_sub(NAV_AROUND).min(n - (2 * NAV_AROUND + 1));
                start..start + 2 * NAV_AROUND + 1
            }
            Target::Section(_) if n > SECTION_PAGE_SIZE => {
                let start = part * SECTION_PAGE_SIZE;
                start..(start + SECTION_PAGE_SIZE).min(n)
            }
            _ => return self.section_value(s),
        };
        Some(tera::Value::from_serializable(&full.part(range)))
    }

    /// Links between the parts of a long section's list, seen from `part`.
    fn pagination(&self, s: SectionId, part: usize) -> Option<PaginationView> {
        let parts = self.resolved.section_parts(s);
        if parts < 2 {
            return None;
        }
        let from = self.resolved.section_part_out(s, part);
        let url = |k: usize| relative_url(&from, &self.resolved.section_part_out(s, k));
        let shown = |k: usize| k == 0 || k + 1 == parts || k.abs_diff(part) <= 2;
        Some(PaginationView {
            prev: part.checked_sub(1).map(url),
            next: (part + 1 < parts).then(|| url(part + 1)),
            pages: (0..parts)
                .filter(|&k| shown(k))
                .map(|k| PartLink {
                    number: k + 1,
                    url: url(k),
                    current: k == part,
                })
                .collect(),
        })
    }

    /// The context of one part of a document: part 0 is the document's own
    /// page; a long section's list continues on parts 1, 2, ...
    pub fn context_part(&self, t: Target, content: &str, toc: &[TocEntry], part: usize) -> Context {
        let site = self.site;
        let doc = self.doc(t);
        let out_part;
        let out = match t {
            Target::Section(s) if part > 0 => {
                out_part = self.resolved.section_part_out(s, part);
                out_part.as_str()
            }
            _ => self.resolved.out_of(t),
        };
        let kind = match t {
            Target::Section(0) => "home",
            Target::Section(_) => "section",
            Target::Page(_) => "page",
        };
        let home_section = match t {
            Target::Page(p) => site.pages[p].section,
            Target::Section(s) => s,
        };
        let mut breadcrumb: Vec<LinkView> = self
            .ancestry(home_section)
            .into_iter()
            .map(|s| self.link(out, Target::Section(s)))
            .collect();
        if let Target::Page(_) = t {
            breadcrumb.push(self.link(out, t));
        }
        let (prev, next) = match t {
            Target::Page(p) => self.resolved.prev_next(p),
            Target::Section(_) => (None, None),
        };
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert(
            "page",
            &DocView {
                kind,
                title: &doc.front.title,
                description: doc
                    .front
                    .description
                    .as_deref()
                    .unwrap_or(&site.config.description),
                lead: doc.front.description.as_deref(),
                number: match t {
                    Target::Page(p) => self.resolved.number(p),
                    Target::Section(_) => None,
                },
                content,
                toc,
                audience: &doc.front.audience,
                tags: &doc.front.tags,
                date: doc.front.date.map(|d| d.to_vietnamese()),
                reviewed: doc.front.reviewed.map(|d| d.to_vietnamese()),
                reviewed_iso: doc.front.reviewed.map(|d| d.to_string()),
                source: doc.source.to_string_lossy().replace('\\', "/"),
                url: relative_url(out, out),
                sources: doc
                    .front
                    .sources
                    .iter()
                    .filter_map(|(id, _)| site.registry.get(id))
                    .map(|s| SourceView::of(s, site))
                    .collect(),
            },
        );
        if let Some(section) = self.shown_section(t, home_section, part) {
            ctx.insert_value("section", section);
        }
        if let Target::Section(s) = t
            && let Some(pagination) = self.pagination(s, part)
        {
            ctx.insert("pagination", &pagination);
        }
        if kind == "home" {
            ctx.insert_value("sections", self.home_sections());
            let first = self.resolved.reading_order.first();
            ctx.insert(
                "first_lesson",
                &first.map(|&p| self.link(out, Target::Page(p))),
            );
        }
        ctx.insert("breadcrumb", &breadcrumb);
        ctx.insert("prev", &prev.map(|p| self.link(out, Target::Page(p))));
        ctx.insert("next", &next.map(|p| self.link(out, Target::Page(p))));
        ctx.insert(
            "home_url",
            &relative_url(out, &self.resolved.section_out[0]),
        );
        for (name, path) in self.links {
            ctx.insert(*name, &relative_url(out, path));
        }
        let own = self.document_links.and_then(|l| l.get(&t));
        for (name, path) in own.into_iter().flatten() {
            ctx.insert(*name, &relative_url(out, path));
        }
        ctx.insert("root", &root_prefix(out));
        ctx.insert("current_url", &out);
        ctx
    }
}

/// The context of a page that is not made from Markdown (404, offline
/// fallback), written at the output root. `root` is "" for relative links,
/// or the absolute base URL with a trailing `/` for a page served at any depth.
/// `links` are the site-wide pages templates may link to.
pub fn standalone(
    site: &Site,
    root: &str,
    out: &str,
    title: &str,
    description: &str,
    links: &[(&'static str, String)],
) -> Context {
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &SiteView {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            organisation: site.config.organisation.as_deref(),
            base_url: site.config.base_url.as_deref(),
        },
    );
    ctx.insert(
        "page",
        &DocView {
            kind: "special",
            title,
            description,
            lead: Some(description),
            number: None,
            content: "",
            toc: &[],
            audience: &[],
            tags: &[],
            date: None,
            reviewed: None,
            reviewed_iso: None,
            source: String::new(),
            url: out.to_string(),
            sources: Vec::new(),
        },
    );
    ctx.insert("breadcrumb", &Vec::<LinkView>::new());
    ctx.insert("home_url", &format!("{root}index.html"));
    for (name, path) in links {
        ctx.insert(*name, &format!("{root}{path}"));
    }
    ctx.insert("root", root);
    ctx.insert("current_url", out);
    ctx
}

/// The template a document is rendered with, and the line of its `layout:` key if set.
pub fn template_for(site: &Site, t: Target) -> (String, Option<usize>) {
    let doc = match t {
        Target::Page(p) => &site.pages[p].doc,
        Target::Section(s) => &site.sections[s].doc,
    };
    if let Some(layout) = &doc.front.layout {
        let name = if layout.ends_with(".html") {
            layout.clone()
        } else {
            format!("{layout}.html")
        };
        return (name, doc.front.line_of("layout"));
    }
    let name = match t {
        Target::Section(0) => "index.html",
        Target::Section(_) => "section.html",
        Target::Page(_) => "page.html",
    };
    (name.to_string(), None)
}

/// The documents whose pages show the title, description, number or order
/// of `t` (besides `t` itself): its section's page (the list), the other
/// lessons of its section (their section list), its neighbours in reading
/// order (previous/next), and the home page when it lists `t`; for a
/// section, everything below it (breadcrumbs), its parent's page and the
/// home outline. Keep in step with [`Ctx::context`]: a partial re-render
/// writes exactly these again when `t`'s title changes.
pub fn shown_by(site: &Site, resolved: &Resolved, t: Target) -> Vec<Target> {
    let mut out = Vec::new();
    let lists_on_home = |s: SectionId| s == 0 || site.sections[s].parent == Some(0);
    match t {
        Target::Page(p) => {
            let s = site.pages[p].section;
            out.push(Target::Section(s));
            out.extend(resolved.section_pages[s].iter().map(|&q| Target::Page(q)));
            let (prev, next) = resolved.prev_next(p);
            out.extend(prev.into_iter().chain(next).map(Target::Page));
            if lists_on_home(s) || resolved.reading_order.first() == Some(&p) {
                out.push(Target::Section(0));
            }
        }
        Target::Section(s) => {
            let mut stack = vec![s];
            while let Some(sec) = stack.pop() {
                out.push(Target::Section(sec));
                out.extend(resolved.section_pages[sec].iter().map(|&q| Target::Page(q)));
                stack.extend(&resolved.section_subs[sec]);
            }
            if let Some(parent) = site.sections[s].parent {
                out.push(Target::Section(parent));
                if lists_on_home(parent) {
                    out.push(Target::Section(0));
                }
            }
        }
    }
    out.retain(|&d| match d {
        Target::Section(s) => resolved.is_visible(s),
        Target::Page(p) => resolved.page_out[p].is_some(),
    });
    out
}
