//! Products: everything the build writes, one module each. A product
//! declares, before anything is rendered, the files it writes for each
//! document and for the whole site ([`Product::document_files`],
//! [`Product::site_files`]); then writes exactly those files from the
//! rendered site. The collision check, `baihoc list`, the service worker's
//! precache list and link resolution to generated files all read the same
//! [`Declarations`], so they cannot drift apart. A product can only write
//! files it declared ([`Sink`] refuses the others).
//!
//! The products, in the order they run: [`page`], [`deck`], [`poster`] (the
//! pages of `layout: poster` documents), [`print`] (each section's print view), [`files`],
//! [`sources_page`], [`quizzes`] (the quiz results page), [`sitemap`], [`not_found`], [`offline`], [`manifest`],
//! [`share_card`], [`search`], then [`service_worker`], which depends on every other
//! product's files.

pub mod deck;
pub mod files;
pub mod manifest;
pub mod not_found;
pub mod offline;
pub mod page;
pub mod poster;
pub mod print;
pub(crate) mod print_links;
pub mod quizzes;
pub mod search;
pub mod service_worker;
pub mod share_card;
pub mod sitemap;
pub mod sources_page;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::context::Ctx;
use crate::render::{RenderedSite, Renderer};
use crate::resolve::{Resolved, Target};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a product knows when it declares its files: the resolved site,
/// before anything is rendered.
pub struct Plan<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// Output paths, order and navigation.
    pub resolved: &'a Resolved,
    /// The theme (its static files).
    pub theme: &'a Theme,
}

/// A file written for the whole site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Output path.
    pub path: String,
    /// What it is, for messages ("the service worker").
    pub what: String,
    /// The file it is copied from, for a copied file (`content/a/anh.png`).
    pub source: Option<PathBuf>,
}

impl SiteFile {
    /// A file baihoc generates.
    pub fn generated(path: impl Into<String>, what: impl Into<String>) -> Self {
        SiteFile {
            path: path.into(),
            what: what.into(),
            source: None,
        }
    }
}

/// What a product reads when it writes: the rendered site and the theme.
pub struct Cx<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// Output paths, order and navigation.
    pub resolved: &'a Resolved,
    /// The theme.
    pub theme: &'a Theme,
    /// Every published document, rendered.
    pub rendered: &'a RenderedSite,
    /// The compiled templates.
    pub renderer: &'a Renderer,
    /// Template contexts.
    pub views: &'a Ctx<'a>,
    /// Every file the build declared.
    pub declarations: &'a Declarations,
    /// The build's products, for [`page_values`].
    pub products: &'a [Arc<dyn Product>],
}

/// Adds to a page's template context what every product gives it (see
/// [`Product::page_values`]).
pub fn page_values(cx: &Cx<'_>, page: Option<Target>, out: &str, ctx: &mut tera::Context) {
    for p in cx.products {
        for (name, value) in p.page_values(cx, page, out) {
            ctx.insert_value(name, value);
        }
    }
}

/// One output product.
pub trait Product: Send + Sync {
    /// A short name ("page", "sitemap").
    fn name(&self) -> &'static str;

    /// What one of its files is, for messages ("the slide deck"): a document's
    /// file is shown as "the slide deck of `content/a.md`".
    fn what(&self) -> &'static str {
        self.name()
    }

    /// The files it writes for a published document (output paths).
    fn document_files(&self, _plan: &Plan<'_>, _t: Target) -> Vec<String> {
        Vec::new()
    }

    /// The files it writes for the whole site.
    fn site_files(&self, _plan: &Plan<'_>) -> Vec<SiteFile> {
        Vec::new()
    }

    /// Site-wide pages templates may link to, as (template variable, output
    /// path): the documents page is `sources_url`.
    fn template_links(&self, _plan: &Plan<'_>) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Files of this product that templates of a document may link to, as
    /// (template variable, output path): a lesson's slide deck is `deck_url`.
    fn document_links(&self, _plan: &Plan<'_>, _t: Target) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Writes its files for one document.
    fn write_document(&self, _cx: &Cx<'_>, _t: Target, _out: &Sink<'_>) -> Diagnostics {
        Diagnostics::new()
    }

    /// Writes its files for the whole site.
    fn write_site(&self, _cx: &Cx<'_>, _out: &Sink<'_>) -> Diagnostics {
        Diagnostics::new()
    }

    /// True when it needs every other product's files written first (the
    /// service worker lists them with their revisions).
    fn after_all_others(&self) -> bool {
        false
    }

    /// False when its site files need nothing its document files leave
    /// behind: they are then written beside the documents' files, not after
    /// them, so that both cores stay busy to the end (the search index reads
    /// the rendered documents only). True (the default) when it reports or
    /// gathers what its documents found: the deck's "slide too long" warnings.
    fn site_waits_for_documents(&self) -> bool {
        true
    }

    /// False when readers never need its files offline (share cards are
    /// for link previews): the service worker does not store them.
    fn offline(&self) -> bool {
        true
    }

    /// Values it adds to the template context of a page written at `out`:
    /// the page of document `page`, or a site page (the documents page)
    /// when `None`. The share card product adds `share`, the link preview.
    fn page_values(
        &self,
        _cx: &Cx<'_>,
        _page: Option<Target>,
        _out: &str,
    ) -> Vec<(&'static str, tera::Value)> {
        Vec::new()
    }

    /// False when its site files do not change when a document does (copied
    /// files, the manifest): a partial re-render does not write them again.
    fn depends_on_documents(&self) -> bool {
        true
    }

    /// Other documents whose files from this product include the body of
    /// `changed` (a section's print view holds its lessons): a partial
    /// re-render writes their files again when only `changed`'s body did.
    fn shows_body_of(&self, _plan: &Plan<'_>, _changed: Target) -> Vec<Target> {
        Vec::new()
    }
}

/// The products every build runs, in order.
pub fn builtin() -> Vec<Arc<dyn Product>> {
    vec![
        Arc::new(page::Page),
        Arc::new(deck::Deck::new()),
        Arc::new(poster::Poster),
        Arc::new(print::Print),
        Arc::new(files::Files),
        Arc::new(sources_page::SourcesPage),
        Arc::new(quizzes::Quizzes),
        Arc::new(sitemap::Sitemap),
        Arc::new(not_found::NotFound),
        Arc::new(offline::Offline),
        Arc::new(manifest::Manifest),
        Arc::new(share_card::ShareCard::default()),
        Arc::new(search::Search),
        Arc::new(service_worker::ServiceWorker),
    ]
}

/// The built-in products a site's `outputs:` asks for, in order.
pub fn builtin_for(outputs: &crate::config::Outputs) -> Vec<Arc<dyn Product>> {
    let off = |name: &str| match name {
        deck::NAME => !outputs.decks,
        print::NAME => !outputs.print,
        search::NAME => !outputs.search,
        _ => false,
    };
    builtin().into_iter().filter(|p| !off(p.name())).collect()
}

/// A list of products, for [`crate::BuildOptions`].
#[derive(Clone, Default)]
pub struct Products(pub Vec<Arc<dyn Product>>);

impl fmt::Debug for Products {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|p| p.name()))
            .finish()
    }
}

/// Who a declared file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A file a product writes for a document.
    Document(Target),
    /// A file a product writes for the whole site.
    Site,
}

/// One file the build will write.
#[derive(Debug, Clone)]
pub struct Declared {
    /// Output path.
    pub path: String,
    /// Index of its product in the build's product list.
    pub product: usize,
    /// Whose file it is.
    pub owner: Owner,
    /// What it is: "the documents page", or `content/a.md` for a page.
    pub what: String,
    /// The file it comes from (the Markdown of a page, the original of a copy).
    pub source: Option<PathBuf>,
    /// True when readers need it offline (see [`Product::offline`]).
    pub offline: bool,
}

/// Every file the build will write, as the products declared them.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    /// In declaration order: for each document its files (page first), then site files.
    pub files: Vec<Declared>,
    /// Index in `files` of each path's first declaration (looked up for
    /// every file written: a fast hash).
    by_path: foldhash::HashMap<String, usize>,
    /// Files of each document, page first.
    by_document: foldhash::HashMap<Target, Vec<usize>>,
    /// Template variables naming site-wide pages.
    pub template_links: Vec<(&'static str, String)>,
    /// Template variables naming each document's own files of other products.
    pub document_links: HashMap<Target, Vec<(&'static str, String)>>,
}

impl Declarations {
    /// Is this path declared by any product?
    pub fn contains(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// The declaration of a path.
    pub fn get(&self, path: &str) -> Option<&Declared> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    /// The files of a document, its page first.
    pub fn of_document(&self, t: Target) -> impl Iterator<Item = &Declared> {
        self.by_document
            .get(&t)
            .into_iter()
            .flatten()
            .map(|&i| &self.files[i])
    }

    /// Template variables naming a document's own files of other products.
    pub fn links_of(&self, t: Target) -> &[(&'static str, String)] {
        self.document_links.get(&t).map_or(&[], Vec::as_slice)
    }

    /// Files written for the whole site.
    pub fn site_files(&self) -> impl Iterator<Item = &Declared> {
        self.files.iter().filter(|d| d.owner == Owner::Site)
    }
}

/// Asks every product for its files.
pub fn declare(products: &[Arc<dyn Product>], plan: &Plan<'_>) -> Declarations {
    let mut decl = Declarations::default();
    let documents: Vec<Target> = plan.resolved.documents().map(|(t, _)| t).collect();
    // Each document's declarations are made in parallel, then added in order.
    let per_document: Vec<(Target, Vec<_>, Vec<Declared>)> = documents
        .par_iter()
        .with_max_len(crate::PAR_PIECE)
        .map(|&t| {
            let source = &crate::render::document(plan.site, t).source;
            let mut links = Vec::new();
            let mut files = Vec::new();
            for (i, p) in products.iter().enumerate() {
                links.extend(p.document_links(plan, t));
                for path in p.document_files(plan, t) {
                    let what = if i == 0 {
                        source.display().to_string()
                    } else {
                        format!("the {} of `{}`", p.what(), source.display())
                    };
                    files.push(Declared {
                        path,
                        product: i,
                        owner: Owner::Document(t),
                        what,
                        source: Some(source.clone()),
                        offline: p.offline(),
                    });
                }
            }
            (t, links, files)
        })
        .collect();
    let files: usize = per_document.iter().map(|(_, _, f)| f.len()).sum();
    decl.files.reserve(files);
    decl.by_path.reserve(files);
    decl.by_document.reserve(per_document.len());
    for (t, links, files) in per_document {
        if !links.is_empty() {
            decl.document_links.insert(t, links);
        }
        for d in files {
            decl.push(d);
        }
    }
    for (i, p) in products.iter().enumerate() {
        for f in p.site_files(plan) {
            decl.push(Declared {
                path: f.path,
                product: i,
                owner: Owner::Site,
                what: f.what,
                source: f.source,
                offline: p.offline(),
            });
        }
        decl.template_links.extend(p.template_links(plan));
    }
    decl
}

impl Declarations {
    fn push(&mut self, d: Declared) {
        let i = self.files.len();
        self.by_path.entry(d.path.clone()).or_insert(i);
        if let Owner::Document(t) = d.owner {
            self.by_document.entry(t).or_default().push(i);
        }
        self.files.push(d);
    }
}

/// Where a product writes: the build's output, limited to the files that
/// product declared.
pub struct Sink<'a> {
    output: &'a Output,
    declarations: &'a Declarations,
    product: usize,
    name: &'static str,
    cost: &'a Meter,
}

/// What one product cost in a write, for `build --timings`: time spent in
/// it, files and bytes it wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductCost {
    /// The product's name.
    pub name: &'static str,
    /// Time spent in the product: the time of each document's files,
    /// summed over the threads that wrote them, plus the wall time of its
    /// site-wide files (which may themselves be made on every core, as the
    /// search index is). Only a write scheduled [`Schedule::Alone`] keeps
    /// these apart: beside the documents, a site step's clock also runs
    /// while its thread writes documents.
    pub time: std::time::Duration,
    /// Files written, copied or linked.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// A product's running totals, shared by the threads that write for it.
#[derive(Default)]
struct Meter {
    nanos: AtomicU64,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Meter {
    fn wrote(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    fn timed<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let r = f();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        r
    }
}

impl Sink<'_> {
    fn check(&self, path: &str) -> Result<(), Diagnostic> {
        match self.declarations.get(path) {
            Some(d) if d.product == self.product => Ok(()),
            _ => Err(Diagnostic::error(format!(
                "the `{}` product wrote `{path}`, a file it did not declare",
                self.name
            ))
            .with_hint("this is a bug in baihoc or in a theme product: please report it")),
        }
    }

    /// Writes a declared file.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.check(path)?;
        self.output.write(path, bytes)?;
        self.cost.wrote(bytes.len() as u64);
        Ok(())
    }

    /// Copies a file into a declared path.
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        self.check(path)?;
        self.output.copy(path, from)?;
        self.cost
            .wrote(std::fs::metadata(from).map_or(0, |m| m.len()));
        Ok(())
    }

    /// Puts the file at `from` at a declared path without reading it when
    /// the output allows (a hard link), with `revision` standing for its bytes.
    pub fn link(&self, path: &str, from: &Path, revision: u64) -> Result<(), Diagnostic> {
        self.check(path)?;
        self.output.link(path, from, revision)?;
        self.cost
            .wrote(std::fs::metadata(from).map_or(0, |m| m.len()));
        Ok(())
    }

    /// Every file written so far with the hash of its bytes.
    pub fn revisions(&self) -> BTreeMap<String, u64> {
        self.output.written()
    }

    /// False when the output keeps nothing (`check`): revisions may be missing.
    pub fn keeps_files(&self) -> bool {
        self.output.keeps_files()
    }
}

/// Which files a write produces: for each product (by index), the
/// documents whose files it writes and whether it writes its site files.
pub struct Selection {
    /// Documents, per product.
    pub documents: Vec<Vec<Target>>,
    /// Site files, per product.
    pub site: Vec<bool>,
}

impl Selection {
    /// Everything: a full build.
    pub fn all(products: &[Arc<dyn Product>], documents: &[Target]) -> Selection {
        Selection {
            documents: vec![documents.to_vec(); products.len()],
            site: vec![true; products.len()],
        }
    }
}

/// When the site files that do not wait for documents are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Beside the documents' files: the fastest.
    Beside,
    /// After them, one product at a time, so that each product's time is its
    /// own (`build --timings`).
    Alone,
}

/// Runs every product: first all those that do not depend on the others
/// (each document's files in parallel, then the site files, or beside them
/// per [`Product::site_waits_for_documents`] and `schedule`), then those
/// that do; each writes only what `selection` asks of it. Returns the
/// problems found and what each product cost.
pub fn write_all(
    products: &[Arc<dyn Product>],
    cx: &Cx<'_>,
    output: &Output,
    selection: &Selection,
    schedule: Schedule,
) -> (Diagnostics, Vec<ProductCost>) {
    let meters: Vec<Meter> = products.iter().map(|_| Meter::default()).collect();
    let sink = |i: usize| Sink {
        output,
        declarations: cx.declarations,
        product: i,
        name: products[i].name(),
        cost: &meters[i],
    };
    let mut diags = Diagnostics::new();
    for last in [false, true] {
        let chosen: Vec<usize> = (0..products.len())
            .filter(|&i| products[i].after_all_others() == last)
            .collect();
        let jobs: Vec<(usize, Target)> = chosen
            .iter()
            .flat_map(|&i| selection.documents[i].iter().map(move |&t| (i, t)))
            .collect();
        let (beside, after): (Vec<usize>, Vec<usize>) = chosen
            .iter()
            .filter(|&&i| selection.site[i])
            .partition(|&&i| {
                schedule == Schedule::Beside && !products[i].site_waits_for_documents()
            });
        let site = |i: usize| meters[i].timed(|| products[i].write_site(cx, &sink(i)));
        let (per_doc, beside): (Vec<Diagnostics>, Vec<Diagnostics>) = rayon::join(
            || {
                jobs.par_iter()
                    .with_max_len(crate::PAR_PIECE)
                    .map(|&(i, t)| meters[i].timed(|| products[i].write_document(cx, t, &sink(i))))
                    .collect()
            },
            || beside.iter().map(|&i| site(i)).collect(),
        );
        diags.extend(per_doc.into_iter().flatten());
        diags.extend(beside.into_iter().flatten());
        for &i in &after {
            diags.extend(site(i));
        }
    }
    let costs = products
        .iter()
        .zip(meters)
        .map(|(p, m)| ProductCost {
            name: p.name(),
            time: std::time::Duration::from_nanos(m.nanos.into_inner()),
            files: m.files.into_inner(),
            bytes: m.bytes.into_inner(),
        })
        .collect();
    (diags, costs)
}
