//! `baihoc list`: every document the build would write, in reading order,
//! with every file written for it (and, for a poster, its sheet; for a
//! section, its print view), then the files written for the whole site.

use crate::diagnostics::Diagnostics;
use crate::pipeline::{Prepared, Steps, prepare};
use crate::resolve::Target;
use crate::{BuildOptions, Failure, products, render};

/// One published document, as `list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListEntry {
    /// Source file relative to the site root (`content/a/b.md`); for a
    /// section without `_index.md`, the file that would hold its front matter;
    /// `None` for a file written for the whole site (`sw.js`, `can-cu.html`).
    pub source: Option<String>,
    /// Its page, relative to the output folder.
    pub output: String,
    /// Title.
    pub title: String,
    /// `home`, `section`, `page`, or `site` for a file written for the whole site.
    pub kind: &'static str,
    /// Title of the section it belongs to (its parent, for a section).
    pub section: Option<String>,
    /// Template used.
    pub layout: String,
    /// Marked `draft: true`.
    pub draft: bool,
    /// Every file the build writes for it, the page first.
    pub outputs: Vec<String>,
    /// For a poster (`layout: poster`), the sheet it fills.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poster: Option<PosterSheet>,
    /// For a section with a print view, its file (`dang-ky/ban-in.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub print_view: Option<String>,
}

/// The sheet a poster fills, as `list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PosterSheet {
    /// `A4`, `A3` or `A2`.
    pub size: &'static str,
    /// `portrait` or `landscape`.
    pub orientation: &'static str,
}

/// Every document the build would write, in reading order, then the files
/// written for the whole site.
pub fn list(opts: &BuildOptions) -> Result<Vec<ListEntry>, Failure> {
    let mut diags = Diagnostics::new();
    let Some(p) = prepare(opts, &mut Steps::new(), &mut diags) else {
        return Err(Failure::from(diags));
    };
    let mut entries = Vec::new();
    let mut stack = vec![0];
    while let Some(s) = stack.pop() {
        entries.push(entry(&p, Target::Section(s)));
        entries.extend(
            p.resolved.section_pages[s]
                .iter()
                .map(|&pg| entry(&p, Target::Page(pg))),
        );
        stack.extend(p.resolved.section_subs[s].iter().rev());
    }
    // Then the files generated for the whole site.
    entries.extend(
        p.declarations
            .site_files()
            .filter(|d| d.source.is_none())
            .map(|d| ListEntry {
                source: None,
                output: d.path.clone(),
                title: d.what.clone(),
                kind: "site",
                section: None,
                layout: String::new(),
                draft: false,
                outputs: vec![d.path.clone()],
                poster: None,
                print_view: None,
            }),
    );
    Ok(entries)
}

fn entry(p: &Prepared, t: Target) -> ListEntry {
    let (doc, section, kind) = match t {
        Target::Page(id) => {
            let page = &p.site.pages[id];
            (&page.doc, Some(page.section), "page")
        }
        Target::Section(s) => (
            &p.site.sections[s].doc,
            p.site.sections[s].parent,
            if s == 0 { "home" } else { "section" },
        ),
    };
    ListEntry {
        source: Some(doc.source.to_string_lossy().replace('\\', "/")),
        output: p.resolved.out_of(t).to_string(),
        title: doc.front.title.clone(),
        kind,
        section: section.map(|s| p.site.sections[s].doc.front.title.clone()),
        layout: render::context::template_for(&p.site, t).0,
        draft: doc.front.draft,
        outputs: p
            .declarations
            .of_document(t)
            .map(|d| d.path.clone())
            .collect(),
        poster: products::poster::is_poster(&p.site, t).then(|| {
            let sheet = products::poster::sheet(&p.site, t);
            PosterSheet {
                size: sheet.size.name(),
                orientation: sheet.orientation.name(),
            }
        }),
        print_view: p
            .declarations
            .of_document(t)
            .find(|d| p.products[d.product].name() == products::print::NAME)
            .map(|d| d.path.clone()),
    }
}
