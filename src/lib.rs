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
pub mod markdown;
pub mod render;
pub mod resolve;
pub mod sources;
pub mod text;
pub mod theme;
mod yaml;

use content::Site;
use diagnostics::{Diagnostic, Diagnostics};
use emit::Output;
use render::Renderer;
use resolve::{ResolveOptions, Resolved, Target};
use std::path::{Path, PathBuf};
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
struct Steps {
    last: Instant,
    steps: Vec<(&'static str, Duration)>,
}

impl Steps {
    fn new() -> Self {
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
struct Prepared {
    site: Site,
    theme: Theme,
    resolved: Resolved,
}

fn prepare(opts: &BuildOptions, steps: &mut Steps, diags: &mut Diagnostics) -> Option<Prepared> {
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
    refuse_dangerous_output(&opts.root, &out).map_err(Failure::one)?;
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

/// Refuses an output folder whose replacement could lose someone's work: a
/// symbolic link, the site folder or a folder holding it, anything inside
/// `content/`, and any non-empty folder that baihoc did not write (it has no
/// [`emit::OUTPUT_MARKER`]), such as `data/`, `static/` or `.git`.
fn refuse_dangerous_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        ))
        .with_hint("choose a new or empty folder for --out, such as public/"))
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("it is a symbolic link, and a build replaces the folder itself".into());
    }
    let canon = |p: &Path| -> PathBuf {
        // The output may not exist yet: canonicalize its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        c.extend(rest.iter().rev());
        c
    };
    let (root_c, out_c) = (canon(root), canon(out));
    if root_c.starts_with(&out_c) {
        return refuse("it holds the site's own files".into());
    }
    if out_c.starts_with(root_c.join(content::CONTENT_DIR)) {
        return refuse("it is inside content/".into());
    }
    if let Ok(mut entries) = std::fs::read_dir(out)
        && entries.next().is_some()
        && !out.join(emit::OUTPUT_MARKER).is_file()
    {
        return refuse(format!(
            "it is not empty and was not written by baihoc (it has no {} file), so replacing it could destroy other files",
            emit::OUTPUT_MARKER
        ));
    }
    Ok(())
}

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
    // Then the files written for the whole site.
    entries.extend(
        emit::site_outputs(&p.site)
            .into_iter()
            .filter(|(out, _)| *out != emit::OUTPUT_MARKER)
            .map(|(out, what)| ListEntry {
                source: None,
                output: out.to_string(),
                title: what.to_string(),
                kind: "site",
                section: None,
                layout: String::new(),
                draft: false,
                outputs: vec![out.to_string()],
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
        outputs: emit::outputs_of(&p.site, &p.resolved, t),
    }
}

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A lesson page.
    Lesson,
    /// A section folder with its `_index.md`.
    Section,
}

/// Creates a lesson (or a section) with its front matter filled in and a
/// Vietnamese slug as file name. `section` is a folder under `content/`.
/// Never overwrites: an existing file is an error.
pub fn new_document(
    root: &Path,
    kind: NewKind,
    title: &str,
    section: Option<&str>,
) -> Result<PathBuf, Failure> {
    let title = title.trim();
    let slug = text::slugify(title);
    if slug.is_empty() {
        return Err(Failure::one(
            Diagnostic::error("the title is empty")
                .with_hint("give a title in quotes: baihoc new lesson \"Kích hoạt tài khoản\""),
        ));
    }
    let content_dir = root.join(content::CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(Failure::one(
            Diagnostic::error(format!(
                "no {}/ folder in {}",
                content::CONTENT_DIR,
                root.display()
            ))
            .with_hint("run baihoc in the site folder, or pass --root DIR"),
        ));
    }
    let section = section
        .map(|s| s.trim_matches('/'))
        .map(|s| s.strip_prefix("content/").unwrap_or(s))
        .filter(|s| !s.is_empty() && *s != content::CONTENT_DIR);
    if let Some(s) = section
        && Path::new(s)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(Failure::one(
            Diagnostic::error(format!(
                "--section must be a folder inside content/, not `{s}`"
            ))
            .with_hint("give the section's folder as it is under content/, e.g. --section dang-ky"),
        ));
    }
    let dir = match section {
        Some(s) => content_dir.join(s),
        None => content_dir.clone(),
    };
    if !dir.is_dir() {
        return Err(Failure::one(
            Diagnostic::error(format!("no section folder {}", dir.display()))
                .with_hint("give an existing folder under content/ with --section, or create it with `baihoc new section`"),
        ));
    }
    let weight = next_weight(&dir);
    let (path, front_extra, body) = match kind {
        NewKind::Lesson => (
            dir.join(format!("{slug}.md")),
            "audience: [\"học sinh\"]\ntags: []\n",
            "Viết một đoạn mở đầu: học xong bài này, em sẽ biết điều gì.\n\n## Các bước\n\n1. Bước thứ nhất.\n2. Bước thứ hai.\n\n> [!TIP]\n> Một mẹo ngắn.\n\n## Ghi nhớ\n\n- Ý chính cần nhớ.\n",
        ),
        NewKind::Section => {
            let folder = dir.join(&slug);
            std::fs::create_dir_all(&folder).map_err(|e| {
                Failure::one(Diagnostic::error(format!(
                    "cannot create {}: {e}",
                    folder.display()
                )))
            })?;
            (
                folder.join(content::SECTION_INDEX),
                "",
                "Giới thiệu ngắn về phần này: các bài học trong phần giúp em làm được gì.\n",
            )
        }
    };
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| format!("\"{title}\""));
    let text = format!(
        "---\ntitle: {quoted}\ndescription: \"\"\nweight: {weight}\n{front_extra}reviewed: {}\nsources: []\n---\n\n{body}",
        date::Date::today()
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!("{} already exists", path.display())
            } else {
                format!("cannot create {}: {e}", path.display())
            };
            Failure::one(
                Diagnostic::error(message)
                    .with_hint("choose another title, or edit the existing file"),
            )
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        Failure::one(Diagnostic::error(format!(
            "cannot write {}: {e}",
            path.display()
        )))
    })?;
    Ok(path)
}

/// Ten more than the largest `weight` of the Markdown files in `dir` (10 when none).
fn next_weight(dir: &Path) -> i64 {
    let mut max = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 10;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e == "md");
        let sub_index = path.join(content::SECTION_INDEX);
        let file = if is_md {
            path
        } else if sub_index.is_file() {
            sub_index
        } else {
            continue;
        };
        if file
            .file_name()
            .is_some_and(|n| n == content::SECTION_INDEX)
            && file.parent() == Some(dir)
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(split) = content::front_matter::split(&text, &file) else {
            continue;
        };
        if let Ok(w) = yaml::from_str::<WeightOnly>(split.yaml)
            && let Some(w) = w.weight
        {
            max = max.max(w);
        }
    }
    max + 10
}

#[derive(serde::Deserialize)]
struct WeightOnly {
    weight: Option<i64>,
}
