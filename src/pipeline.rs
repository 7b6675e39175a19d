//! The build as a short list of named, timed steps (as Zola's `Site::build`):
//! load → resolve → declare → render → check → write → commit. Each step is
//! one module; this one only walks them in order and stops at the first
//! step that found an error, before anything is written.

use crate::citations;
use crate::content::Site;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::products::{self, Cx, Declarations, Plan, Product, Schedule, Selection};
use crate::render::context::Ctx;
use crate::render::{RenderedSite, Renderer};
use crate::resolve::{self, ResolveOptions, Resolved, Target};
use crate::theme::Theme;
use crate::{BuildOptions, Failure, Summary, check, render};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Times the named steps of a build.
pub(crate) struct Steps {
    start: Instant,
    last: Instant,
    steps: Vec<(&'static str, Duration)>,
}

impl Steps {
    pub(crate) fn new() -> Self {
        let now = Instant::now();
        Steps {
            start: now,
            last: now,
            steps: Vec::new(),
        }
    }

    pub(crate) fn done(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
}

/// The site, loaded, resolved and with every product's files declared:
/// what `build`, `check` and `list` share.
pub(crate) struct Prepared {
    pub(crate) site: Site,
    pub(crate) theme: Theme,
    pub(crate) resolved: Resolved,
    pub(crate) products: Vec<Arc<dyn Product>>,
    pub(crate) declarations: Declarations,
}

impl Prepared {
    pub(crate) fn plan(&self) -> Plan<'_> {
        Plan {
            site: &self.site,
            resolved: &self.resolved,
            theme: &self.theme,
        }
    }
}

/// What a build keeps once the documents are rendered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// The Markdown too, to re-render a document later (live preview).
    Sources,
    /// Only what was rendered (`build`, `check`).
    Rendered,
}

/// Load, resolve and declare; `None` when a step found an error.
pub(crate) fn prepare(
    opts: &BuildOptions,
    steps: &mut Steps,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    let mut site = Site::load(&opts.root, diags)?;
    if let Some(url) = &opts.base_url {
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            diags.push(
                Diagnostic::error(format!(
                    "--base-url must be an absolute http(s) address, not `{url}`"
                ))
                .with_hint("for example --base-url https://truong.edu.vn/vneid"),
            );
            return None;
        }
        site.config.base_url = Some(url.to_string());
    }
    let theme = Theme::load(&opts.root, &site.config, diags)?;
    steps.done("load");
    let mut resolved = resolve::resolve(
        &site,
        theme.static_map(),
        &ResolveOptions {
            include_drafts: opts.drafts,
        },
        diags,
    );
    steps.done("resolve");
    let mut products = products::builtin_for(&site.config.outputs);
    products.extend(opts.extra_products.0.iter().cloned());
    let declarations = products::declare(
        &products,
        &Plan {
            site: &site,
            resolved: &resolved,
            theme: &theme,
        },
    );
    resolved.generated = declarations
        .site_files()
        .filter(|d| d.source.is_none())
        .map(|d| d.path.clone())
        .collect();
    let names: Vec<&'static str> = products.iter().map(|p| p.name()).collect();
    diags.extend(check::collisions(&declarations, &names));
    steps.done("declare");
    if diags.has_errors() {
        return None;
    }
    Some(Prepared {
        site,
        theme,
        resolved,
        products,
        declarations,
    })
}

/// Everything a finished build knows; an in-memory build keeps it for
/// partial re-renders.
pub(crate) struct Stages {
    pub(crate) prepared: Prepared,
    pub(crate) renderer: Renderer,
    pub(crate) rendered: RenderedSite,
}

impl Stages {
    /// The published documents, home and sections first.
    pub(crate) fn documents(&self) -> Vec<Target> {
        self.prepared.resolved.documents().map(|(t, _)| t).collect()
    }
}

/// "Today" for the freshness checks: the option when set (tests), else the clock.
pub(crate) fn today(opts: &BuildOptions) -> Result<Date, Failure> {
    match opts.today {
        Some(d) => Ok(d),
        None => Date::today().map_err(Failure::one),
    }
}

/// Runs every step up to writing into `output`. The caller commits the
/// output (or keeps its files) when this succeeds.
pub(crate) fn run(
    opts: &BuildOptions,
    output: Output,
    keep: Keep,
) -> Result<(Summary, Stages, Output), Failure> {
    let mut steps = Steps::new();
    let mut diags = Diagnostics::new();
    let today = today(opts)?;
    let Some(mut p) = prepare(opts, &mut steps, &mut diags) else {
        return Err(Failure::from(diags));
    };
    diags.extend(citations::check(&p.site, &p.resolved, today));
    if diags.has_errors() {
        return Err(Failure::from(diags));
    }
    let Some(renderer) = Renderer::new(&p.theme, &p.resolved.static_out, &mut diags) else {
        return Err(Failure::from(diags));
    };
    let rendered = match keep {
        Keep::Sources => render::render_site(&p.site, &p.resolved, &renderer.labels),
        // Every product reads the rendered documents: the Markdown is not
        // needed again, and each document's is freed once it is rendered (a
        // third of the memory of a large build at the end of rendering).
        Keep::Rendered => {
            let bodies = p.site.take_bodies();
            render::render_site_taking(&p.site, &p.resolved, &renderer.labels, bodies)
        }
    };
    steps.done("render");
    diags.extend(rendered.diagnostics().cloned());
    diags.extend(check::anchors(&rendered, &p.resolved));
    steps.done("check");
    let stages = Stages {
        prepared: p,
        renderer,
        rendered,
    };
    let mut costs = Vec::new();
    if !diags.has_errors() {
        let all = Selection::all(&stages.prepared.products, &stages.documents());
        let schedule = if opts.timings {
            Schedule::Alone
        } else {
            Schedule::Beside
        };
        let (written, cost) = write(&stages, &output, &all, schedule);
        diags.extend(written);
        costs = cost;
        steps.done("write");
    }
    let diags = if opts.strict {
        diags.into_iter().map(Diagnostic::into_error).collect()
    } else {
        diags
    };
    if diags.has_errors() {
        // Dropping `output` deletes a staging folder; the previous output is untouched.
        return Err(Failure::from(diags));
    }
    let resolved = &stages.prepared.resolved;
    let (notes, warnings) = diags.sorted().into_iter().partition(Diagnostic::is_note);
    let summary = Summary {
        pages: resolved.page_out.iter().flatten().count(),
        sections: resolved.visible.iter().filter(|v| **v).count(),
        files: stages.count_copied(),
        warnings,
        notes,
        elapsed: steps.start.elapsed(),
        steps: steps.steps,
        products: costs,
        out: None,
    };
    Ok((summary, stages, output))
}

/// Runs the products, writing what `selection` asks for.
pub(crate) fn write(
    stages: &Stages,
    output: &Output,
    selection: &Selection,
    schedule: Schedule,
) -> (Diagnostics, Vec<products::ProductCost>) {
    let p = &stages.prepared;
    let views = Ctx::new(&p.site, &p.resolved, &p.declarations.template_links)
        .with_document_links(&p.declarations.document_links);
    let cx = Cx {
        site: &p.site,
        resolved: &p.resolved,
        theme: &p.theme,
        rendered: &stages.rendered,
        renderer: &stages.renderer,
        views: &views,
        declarations: &p.declarations,
        products: &p.products,
    };
    products::write_all(&p.products, &cx, output, selection, schedule)
}

impl Stages {
    /// How many files were copied as they are (assets and static files).
    fn count_copied(&self) -> usize {
        let p = &self.prepared;
        let files = p
            .products
            .iter()
            .position(|x| x.name() == "files")
            .unwrap_or(usize::MAX);
        p.declarations
            .files
            .iter()
            .filter(|d| d.product == files)
            .count()
    }
}
