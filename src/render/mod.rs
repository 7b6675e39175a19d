//! Render: turns a resolved document into HTML. Markdown goes through the
//! [`crate::markdown`] transforms with links answered by [`SiteLinks`]; the
//! result is placed in a Tera template with a context built by [`context`].
//! Pure: reads nothing from disk and writes nothing.

pub mod context;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkKind, LinkResolution, LinkResolver};
use crate::resolve::{LinkProblem, LinkTarget, Resolved, Target, percent_decode, relative_url};
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
            footnote_back: s("footnote_back", &defaults.footnote_back),
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

/// Answers where a link in one document leads, over the resolved site.
pub struct SiteLinks<'a> {
    /// The published site.
    pub resolved: &'a Resolved,
    /// The document's path relative to `content/`.
    pub from_rel: &'a str,
    /// The document's output path.
    pub from_out: &'a str,
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

impl LinkResolver for SiteLinks<'_> {
    fn resolve(&self, dest: &str, kind: LinkKind) -> LinkResolution {
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || dest.starts_with("//") {
            return LinkResolution::External;
        }
        if has_scheme(dest) {
            return LinkResolution::Unchanged;
        }
        let (rest, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        if path.is_empty() {
            return match (fragment, query) {
                (Some(f), None) => LinkResolution::Internal {
                    url: String::new(),
                    target: self.from_out.to_string(),
                    fragment: Some(f),
                },
                _ => LinkResolution::Unchanged,
            };
        }
        let what = if kind == LinkKind::Image {
            "image"
        } else {
            "file"
        };
        match self.resolved.resolve_path(self.from_rel, &percent_decode(path)) {
            Ok(LinkTarget::Document(_, out)) => LinkResolution::Internal {
                url: relative_url(self.from_out, &out),
                target: out,
                fragment,
            },
            Ok(LinkTarget::File(out)) => {
                let mut url = relative_url(self.from_out, &out);
                if let Some(q) = query {
                    url = format!("{url}?{q}");
                }
                if let Some(f) = fragment {
                    url = format!("{url}#{f}");
                }
                LinkResolution::Internal {
                    url,
                    target: out,
                    fragment: None,
                }
            }
            Err(LinkProblem::MissingPage(p)) => LinkResolution::Broken {
                message: format!("link to a missing page: content/{p} does not exist"),
                hint: "check the file name; a link names the .md file relative to this page, e.g. ../dang-ky/kich-hoat.md".into(),
            },
            Err(LinkProblem::DraftPage(p)) => LinkResolution::Broken {
                message: format!("link to content/{p}, which is a draft and is left out of this build"),
                hint: "remove `draft: true` from that page, remove the link, or build with --drafts".into(),
            },
            Err(LinkProblem::MissingFile(p)) => {
                // A link written to the page's .html, or without extension, meant the .md.
                let stem = p.strip_suffix(".html").unwrap_or(&p);
                let meant = [format!("{stem}.md"), format!("{stem}/_index.md")]
                    .into_iter()
                    .find(|md| self.resolved.resolve_path("", md).is_ok());
                let hint = match meant {
                    Some(md) if kind == LinkKind::Link => format!(
                        "link to the lesson's Markdown file instead: content/{md} (the build turns it into the page's address)"
                    ),
                    _ => format!(
                        "put the {what} beside the Markdown file, or fix the path (it is relative to this page)"
                    ),
                };
                LinkResolution::Broken {
                    message: format!("missing {what}: `{dest}` (looked for content/{p})"),
                    hint,
                }
            }
        }
    }
}

/// The Markdown of a document rendered with links resolved.
pub fn markdown_of(
    site: &Site,
    resolved: &Resolved,
    target: Target,
    labels: &markdown::Labels,
) -> markdown::Rendered {
    let doc = match target {
        Target::Page(p) => &site.pages[p].doc,
        Target::Section(s) => &site.sections[s].doc,
    };
    let from_out = resolved.out_of(target);
    let links = SiteLinks {
        resolved,
        from_rel: &doc.rel,
        from_out,
    };
    markdown::render(&markdown::Input {
        body: &doc.body,
        file: &doc.source,
        body_line: doc.body_line,
        labels,
        resolver: &links,
        title: Some(&doc.front.title),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(has_scheme("mailto:a@b.vn"));
        assert!(has_scheme("tel:0123"));
        assert!(!has_scheme("a/b.md"));
        assert!(!has_scheme("../x.md#a:b"));
    }
}
