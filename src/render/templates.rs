//! The theme's Tera templates, compiled once, with baihoc's `asset()`
//! function and the interface strings every template sees as `t`; template
//! errors become diagnostics naming the template file, line and column.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
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
        tera.autoescape_on(vec![".html", ".xml"]);
        let assets = Arc::new(static_out.clone());
        tera.register_function(
            "asset",
            move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                let root: String = state.get("root")?.unwrap_or_default();
                match assets.get(path.trim_start_matches('/')) {
                    Some(out) => Ok(format!("{root}{}", crate::resolve::encode_path(out))),
                    None => Err(tera::Error::message(format!(
                        "asset(path=\"{path}\"): no such file in the theme's static/ folder"
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
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| template_diagnostic(&e, &self.shown, doc))?;
        Ok(out)
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
