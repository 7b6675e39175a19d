//! The theme's Tera templates, compiled once, with baihoc's `asset()`
//! function and the interface strings every template sees as `t`; template
//! errors become diagnostics naming the template file, line and column.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::theme::Theme;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tera::{Context, ErrorKind, Kwargs, State, Tera};

/// A Tera instance with the theme's templates and baihoc's functions.
pub struct Renderer {
    tera: Tera,
    /// Template name → path shown in errors.
    shown: HashMap<String, PathBuf>,
    /// Words written by the Markdown transforms.
    pub labels: markdown::Labels,
    /// Interface strings, as a template value.
    strings: tera::Value,
    string_map: BTreeMap<String, String>,
}

impl Renderer {
    /// Compiles the theme's templates. Syntax errors go to `diags` with template and line.
    pub fn new(
        theme: &Theme,
        static_out: &BTreeMap<String, String>,
        diags: &mut Diagnostics,
    ) -> Option<Renderer> {
        let shown: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.shown.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.register_function("range", capped_range);
        // Each asset's address, percent-encoded once: every page asks for
        // a few of them.
        let assets: Arc<HashMap<String, String>> = Arc::new(
            static_out
                .iter()
                .map(|(path, out)| (path.clone(), crate::resolve::encode_path(out)))
                .collect(),
        );
        tera.register_function(
            "asset",
            move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                let root: String = state.get("root")?.unwrap_or_default();
                match assets.get(path.trim_start_matches('/')) {
                    Some(out) => {
                        let mut url = String::with_capacity(root.len() + out.len());
                        url.push_str(&root);
                        url.push_str(out);
                        Ok(url)
                    }
                    None => Err(tera::Error::message(format!(
                        "asset(path=\"{path}\"): no such file in the theme's static/ folder \
                         (the files of a product switched off by `outputs:` in site.yaml \
                         are left out)"
                    ))),
                }
            },
        );
        let templates = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(template_diagnostic(&e, &shown, None));
            return None;
        }
        let s = |k: &str, d: &str| {
            theme
                .strings
                .get(k)
                .cloned()
                .unwrap_or_else(|| d.to_string())
        };
        let defaults = markdown::Labels::default();
        let labels = markdown::Labels {
            note: s("callout_note", &defaults.note),
            tip: s("callout_tip", &defaults.tip),
            important: s("callout_important", &defaults.important),
            warning: s("callout_warning", &defaults.warning),
            caution: s("callout_caution", &defaults.caution),
            external_link: s("external_link", &defaults.external_link),
            table: s("table_label", &defaults.table),
            task_todo: s("task_todo", &defaults.task_todo),
            task_done: s("task_done", &defaults.task_done),
            footnote_back: s("footnote_back", &defaults.footnote_back),
            quiz: crate::quiz::html::QuizLabels::from_strings(s),
        };
        Some(Renderer {
            tera,
            shown,
            labels,
            strings: tera::Value::from_serializable(&theme.strings),
            string_map: theme.strings.clone(),
        })
    }

    /// An interface string of the theme (the key itself when it is missing).
    pub fn string(&self, key: &str) -> String {
        self.string_map
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// True when the theme has this template.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders a template to bytes; `doc` is the document being rendered, for the error message.
    pub fn render(
        &self,
        name: &str,
        mut ctx: Context,
        doc: Option<&std::path::Path>,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert_value("t", self.strings.clone());
        // render_to skips re-validating the whole page as UTF-8: every piece
        // written is already valid UTF-8.
        let mut out = Vec::with_capacity(16 * 1024);
        RANGE_LEFT.with(|left| left.set(RANGE_BUDGET));
        let mut capped = Capped {
            out: &mut out,
            started: Instant::now(),
            writes: 0,
            stopped: None,
        };
        let result = self.tera.render_to(name, &ctx, &mut capped);
        if let Some(why) = capped.stopped {
            let rendering = doc
                .map(|d| format!(" (while rendering {})", d.display()))
                .unwrap_or_default();
            let file = self
                .shown
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            return Err(Diagnostic::error(format!("template `{name}`: {why}{rendering}"))
                .in_file(file)
                .with_hint("look for loops inside loops in this template, or a loop over a very long list"));
        }
        result.map_err(|e| template_diagnostic(&e, &self.shown, doc))?;
        Ok(out)
    }
}

/// Elements `range()` may produce in all while one page renders: nested
/// loops over ranges stop here instead of running for hours.
const RANGE_BUDGET: u64 = 1_000_000;
/// The largest page a template may write.
const MAX_PAGE_BYTES: usize = 64 << 20;
/// The longest one page may take to render.
const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

thread_local! {
    /// What is left of [`RANGE_BUDGET`] for the page rendering on this thread.
    static RANGE_LEFT: Cell<u64> = const { Cell::new(RANGE_BUDGET) };
}

/// Tera's `range(start, end, step_by)`, drawing on the page's budget.
fn capped_range(kwargs: Kwargs, _: &State) -> tera::TeraResult<Vec<i64>> {
    let start: i64 = kwargs.get("start")?.unwrap_or_default();
    let end: i64 = kwargs.must_get("end")?;
    let step: i64 = kwargs.get("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("range(): `step_by` must not be 0"));
    }
    let span = i128::from(end) - i128::from(start);
    let len = if (span > 0) == (step > 0) && span != 0 {
        let step = i128::from(step);
        ((span.abs() + step.abs() - 1) / step.abs()) as u64
    } else {
        0
    };
    let left = RANGE_LEFT.with(Cell::get);
    if len > left {
        return Err(tera::Error::message(format!(
            "range() would make this page loop over more than {RANGE_BUDGET} items in all (nested loops?)"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - len));
    Ok((0..len as i64).map(|i| start + i * step).collect())
}

/// A page being written, refused past [`MAX_PAGE_BYTES`] or [`MAX_PAGE_TIME`].
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    started: Instant,
    /// Writes so far: the clock is read every 256th (Tera writes in small
    /// pieces, and reading the clock each time cost 2% of a build).
    writes: u32,
    /// Why writing was refused.
    stopped: Option<String>,
}

impl std::io::Write for Capped<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > MAX_PAGE_BYTES {
            self.stopped = Some(format!(
                "the page would be larger than {} MB",
                MAX_PAGE_BYTES >> 20
            ));
        } else if self.writes.wrapping_add(1).is_multiple_of(256)
            && self.started.elapsed() > MAX_PAGE_TIME
        {
            self.stopped = Some(format!(
                "the page took longer than {} s to render",
                MAX_PAGE_TIME.as_secs()
            ));
        }
        self.writes = self.writes.wrapping_add(1);
        if let Some(why) = &self.stopped {
            return Err(std::io::Error::other(why.clone()));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Every piece in one call (the default loops over `write`): Tera
    /// writes a page in thousands of small pieces.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if buf.is_empty() {
            // As the default: nothing to write is not a write.
            return Ok(());
        }
        self.write(buf).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Tera error as a diagnostic naming the template file, line and column.
fn template_diagnostic(
    e: &tera::Error,
    shown: &HashMap<String, PathBuf>,
    doc: Option<&std::path::Path>,
) -> Diagnostic {
    let rendering = doc
        .map(|d| format!(" (while rendering {})", d.display()))
        .unwrap_or_default();
    let file_of = |name: &str| {
        shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut message = format!("{what}: {}{rendering}", r.message());
            if let Some(src) = std::error::Error::source(e) {
                message.push_str(&format!(": {src}"));
            }
            Diagnostic::error(message)
                .in_file(file_of(r.filename()))
                .at(r.span().start_line, r.span().start_col + 1)
                .with_hint(
                    "fix the template at this position; see the Tera documentation for the syntax",
                )
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "template `{current}` extends `{parent}`, which does not exist{rendering}"
        ))
        .in_file(file_of(current))
        .with_hint("check the name in {% extends %}, or add the missing template"),
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(format!("no template named `{name}`{rendering}"))
                .with_hint("add it to templates/ in the site, or use a template that exists")
        }
        _ => Diagnostic::error(format!("template error: {e}{rendering}"))
            .with_hint("check the templates"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderer_with(page: &str) -> Renderer {
        let mut diags = Diagnostics::new();
        let config = crate::config::Config::parse("title: A\n", &mut diags).unwrap();
        let mut theme =
            crate::theme::Theme::load(std::path::Path::new("/nonexistent"), &config, &mut diags)
                .unwrap();
        theme.templates.push(crate::theme::TemplateFile {
            name: "t.html".into(),
            text: page.into(),
            shown: PathBuf::from("templates/t.html"),
        });
        Renderer::new(&theme, &BTreeMap::new(), &mut diags).unwrap()
    }

    #[test]
    fn nested_loops_stop_at_the_page_budget() {
        let r = renderer_with(
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
        let started = Instant::now();
        let e = r
            .render("t.html", Context::new(), None)
            .unwrap_err()
            .to_string();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(e.starts_with("templates/t.html:"), "{e}");
        assert!(e.contains("more than 1000000 items"), "{e}");
        // A normal range still works, and the budget is per page.
        let r = renderer_with("{% for i in range(start=1, end=4) %}{{ i }}{% endfor %}");
        for _ in 0..3 {
            assert_eq!(r.render("t.html", Context::new(), None).unwrap(), b"123");
        }
    }

    #[test]
    fn a_huge_page_is_an_error_not_gigabytes() {
        let r = renderer_with(
            "{% for i in range(end=1000) %}{% for j in range(end=900) %}0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789{% endfor %}{% endfor %}",
        );
        let e = r
            .render("t.html", Context::new(), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "templates/t.html: error: template `t.html`: the page would be larger than 64 MB"
            ),
            "{e}"
        );
    }
}
