//! baihoc ("bài học": lesson) turns a folder of Markdown lessons into a
//! static course site that works from a web server, under a sub-path, and
//! straight from disk (file://).
//!
//! The build is a one-way pipeline, one module per stage:
//! `site.yaml + content/ + themes/` → [`content`] (load) → [`resolve`] →
//! [`render`] (with [`markdown`]) → [`emit`] → `public/`, swapped in atomically.
//! The entry points are [`build`], [`check`], [`list`] and [`new_document`].

pub mod citations;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod emit;
pub mod list;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod sources;
pub mod text;
pub mod theme;
mod yaml;

pub use list::{ListEntry, list};
pub use scaffold::{NewKind, new_document};

use content::Site;
use diagnostics::{Diagnostic, Diagnostics};
use output::Output;
use render::Renderer;
use resolve::{ResolveOptions, Resolved};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use theme::Theme;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; default `ROOT/public`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Turn warnings into errors.
    pub strict: bool,
}

impl BuildOptions {
    /// Defaults for the site at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
            base_url: None,
            drafts: false,
            strict: false,
        }
    }

    /// The output folder.
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build or check did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Lesson pages written.
    pub pages: usize,
    /// Section and home pages written.
    pub sections: usize,
    /// Assets and static files copied.
    pub files: usize,
    /// Warnings, sorted by file and line.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Time of each named step.
    pub steps: Vec<(&'static str, Duration)>,
    /// Where the site was written (`None` for `check`).
    pub out: Option<PathBuf>,
}

impl Summary {
    /// The one line printed after a build.
    pub fn line(&self) -> String {
        let what = match &self.out {
            Some(out) => format!("Built into {}:", out.display()),
            None => "Checked:".to_string(),
        };
        format!(
            "{what} {} lessons, {} section pages, {} assets in {:.2} s ({} warning{})",
            self.pages,
            self.sections,
            self.files,
            self.elapsed.as_secs_f64(),
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" }
        )
    }
}

/// A failed command: every error and warning found, sorted by file and line.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn from(diags: Diagnostics) -> Failure {
        Failure {
            diagnostics: diags.sorted(),
        }
    }

    fn one(d: Diagnostic) -> Failure {
        Failure {
            diagnostics: vec![d],
        }
    }

    /// The errors among the diagnostics (the rest are warnings).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.errors().count()
    }
}

/// Times the named steps of a build, as Zola does.
pub(crate) struct Steps {
    last: Instant,
    steps: Vec<(&'static str, Duration)>,
}

impl Steps {
    pub(crate) fn new() -> Self {
        Steps {
            last: Instant::now(),
            steps: Vec::new(),
        }
    }

    fn done(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
}

/// The stages up to rendering, shared by build, check and list.
pub(crate) struct Prepared {
    site: Site,
    theme: Theme,
    resolved: Resolved,
}

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
    let resolved = resolve::resolve(
        &site,
        theme.static_map(),
        &ResolveOptions {
            include_drafts: opts.drafts,
            generated: emit::site_outputs(&site),
        },
        diags,
    );
    steps.done("resolve");
    if diags.has_errors() {
        return None;
    }
    Some(Prepared {
        site,
        theme,
        resolved,
    })
}

/// Builds the site into its output folder, atomically: on any error the
/// previous output is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<Summary, Failure> {
    let out = opts.out_dir();
    output::refuse_dangerous_output(&opts.root, &out).map_err(Failure::one)?;
    run(opts, Some(out))
}

/// Does everything a build does except keeping the output.
pub fn check(opts: &BuildOptions) -> Result<Summary, Failure> {
    run(opts, None)
}

fn run(opts: &BuildOptions, out: Option<PathBuf>) -> Result<Summary, Failure> {
    let start = Instant::now();
    let mut steps = Steps::new();
    let mut diags = Diagnostics::new();
    let Some(p) = prepare(opts, &mut steps, &mut diags) else {
        return Err(Failure::from(diags));
    };
    diags.extend(citations::check(&p.site, &p.resolved, date::Date::today()));
    steps.done("check citations");
    if diags.has_errors() {
        return Err(Failure::from(diags));
    }
    let Some(renderer) = Renderer::new(&p.theme, &p.resolved.static_out, &mut diags) else {
        return Err(Failure::from(diags));
    };
    let output = match &out {
        Some(dir) => Output::staging(dir).map_err(Failure::one)?,
        None => Output::Discard,
    };
    if let Err(e) = output.write(
        emit::OUTPUT_MARKER,
        b"This folder is written by baihoc: each build replaces all of it.\n",
    ) {
        diags.push(e);
    }
    diags.extend(emit::pages::emit(&p.site, &p.resolved, &renderer, &output));
    steps.done("render pages");
    let (files, file_diags) = emit::files::emit(&p.site, &p.resolved, &p.theme, &output);
    diags.extend(file_diags);
    for extra in [
        emit::sitemap::emit(&p.site, &p.resolved, &output).map(|_| ()),
        emit::not_found::emit(&p.site, &renderer, &output).map(|_| ()),
        emit::sources_page::emit(&p.site, &p.resolved, &renderer, &output).map(|_| ()),
        emit::pwa::emit_offline_page(&p.site, &renderer, &output),
        emit::pwa::emit_manifest(&p.site, &p.resolved, &output),
    ] {
        if let Err(e) = extra {
            diags.push(e);
        }
    }
    steps.done("copy files");
    // Last: the service worker lists every file written before it.
    if let Err(e) = emit::pwa::emit_service_worker(&renderer, &output) {
        diags.push(e);
    }
    let diags = if opts.strict {
        diags.into_iter().map(Diagnostic::into_error).collect()
    } else {
        diags
    };
    if diags.has_errors() {
        // Dropping `output` deletes the staging folder; the previous output is untouched.
        return Err(Failure::from(diags));
    }
    output.commit().map_err(Failure::one)?;
    steps.done("swap output");
    let pages = p.resolved.page_out.iter().flatten().count();
    Ok(Summary {
        pages,
        sections: p.resolved.visible.iter().filter(|v| **v).count(),
        files,
        warnings: diags.sorted(),
        elapsed: start.elapsed(),
        steps: steps.steps,
        out,
    })
}
