//! baihoc ("bài học": lesson) turns a folder of Markdown lessons into a
//! static course site that works from a web server, under a sub-path, and
//! straight from disk (file://).
//!
//! The build is a one-way pipeline, one module per stage, walked by
//! [`pipeline`]: `site.yaml + content/ + themes/` → [`content`] (load) →
//! [`resolve`] → [`render`] (with [`markdown`]) → [`check`] → [`products`]
//! → [`output`] (a staging folder swapped in atomically, memory, or nothing).
//! The entry points are [`build`], [`check()`], [`build_in_memory`],
//! [`list`] and [`new_document`]; [`Built::rerender`] re-renders one
//! changed document of an in-memory build.

pub mod check;
pub mod citations;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod list;
pub mod markdown;
pub mod output;
mod pipeline;
pub mod products;
pub mod qr;
pub mod quiz;
mod rebuild;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod sources;
pub mod text;
pub mod theme;
mod yaml;

pub use list::{ListEntry, list};
pub use rebuild::{Built, Changes, SourceKind};
pub use scaffold::{NewKind, new_document};

use diagnostics::{Diagnostic, Diagnostics};
use output::Output;
use products::Products;
use std::path::PathBuf;
use std::time::Duration;

/// The most documents one thread takes in one piece of a parallel loop
/// (load, render, each product's files). Rayon otherwise stops splitting a
/// loop after a few halvings, and a piece it no longer splits cannot be
/// shared: the 10,000-page build spent its last 0.45 s on one core, one
/// thread writing a quarter of the pages while the other, whose half held
/// the products with nothing to write for most documents, sat idle. A
/// document takes 0.1 to 0.3 ms: a piece of 4 costs rayon nothing to hand out.
pub(crate) const PAR_PIECE: usize = 4;

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
    /// The date the freshness checks count from; `None` reads the clock.
    /// Tests set it, so that they never depend on the day they run.
    pub today: Option<date::Date>,
    /// Products run after the built-in ones (a theme's or a test's own).
    pub extra_products: Products,
    /// Time each product on its own (`build --timings`): the site files
    /// that are otherwise written beside the documents' files are written
    /// after them, so that no two products' times overlap.
    pub timings: bool,
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
            today: None,
            extra_products: Products::default(),
            timings: false,
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
    /// Notes about the build (what it left out and why, what it reused),
    /// printed after the summary line; never counted as warnings.
    pub notes: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Time of each named step.
    pub steps: Vec<(&'static str, Duration)>,
    /// What each product cost in the write step (`build --timings`).
    pub products: Vec<products::ProductCost>,
    /// Where the site was written (`None` for `check` and in-memory builds).
    pub out: Option<PathBuf>,
}

/// "1 lesson", "2 lessons".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary {
    /// The one line printed after a build.
    pub fn line(&self) -> String {
        let what = match &self.out {
            Some(out) => format!("Built into {}:", out.display()),
            None => "Checked:".to_string(),
        };
        format!(
            "{what} {}, {}, {} in {:.2} s ({})",
            count(self.pages, "lesson", "lessons"),
            count(self.sections, "section page", "section pages"),
            count(self.files, "asset", "assets"),
            self.elapsed.as_secs_f64(),
            count(self.warnings.len(), "warning", "warnings"),
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

/// Builds the site into its output folder, atomically: on any error the
/// previous output is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<Summary, Failure> {
    let out = opts.out_dir();
    let dest = output::check_output(&opts.root, &out).map_err(Failure::one)?;
    let staging = Output::staging(&dest).map_err(Failure::one)?;
    let (mut summary, stages, output) = pipeline::run(opts, staging, pipeline::Keep::Rendered)?;
    // Freeing every document takes a tenth of a second of one core at
    // 10,000 pages: done beside the swap and the exit, not before them.
    // A thread that cannot be started frees them here (spawn drops them).
    let _ = std::thread::Builder::new().spawn(move || drop(stages));
    let swap = std::time::Instant::now();
    output.commit().map_err(Failure::one)?;
    summary.steps.push(("swap output", swap.elapsed()));
    summary.elapsed += swap.elapsed();
    summary.out = Some(out);
    Ok(summary)
}

/// Does everything a build does except keeping the output.
pub fn check(opts: &BuildOptions) -> Result<Summary, Failure> {
    pipeline::run(opts, Output::discard(), pipeline::Keep::Rendered).map(|(summary, ..)| summary)
}

/// Builds the site in memory: every file's bytes by output path, and the
/// stages kept for [`Built::rerender`]. Nothing is written to disk.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Failure> {
    let (summary, stages, output) = pipeline::run(opts, Output::memory(), pipeline::Keep::Sources)?;
    Ok(Built::new(opts.clone(), summary, stages, output))
}
