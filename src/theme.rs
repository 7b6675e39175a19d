//! Themes: the templates, static files (CSS, JS, icons) and interface strings
//! a site is rendered with. The default theme is compiled into the binary;
//! a site may replace it (`theme: NAME` and a `themes/NAME/` folder) and
//! override any file one by one: `templates/` and `static/` at the site root
//! win over the theme by file name, `i18n/LANG.yaml` over its strings.
//! Static files get a content hash in their name for cache busting. Files
//! are read through [`crate::content::input`], like the content: only
//! regular files inside the site, static files hashed as a stream.

use crate::config::Config;
use crate::content::input::{self, SiteFolder};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The language whose strings every other language falls back to.
pub const BASE_LANGUAGE: &str = "vi";

/// A template, with where it came from for error messages.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Name templates use to refer to it (`page.html`, `partials/nav.html`).
    pub name: String,
    /// Its text.
    pub text: String,
    /// Path shown in diagnostics.
    pub shown: PathBuf,
}

/// Where a static file's bytes are.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Compiled into the binary (the default theme).
    Embedded(&'static [u8]),
    /// A file on disk.
    File(PathBuf),
}

/// A file copied to the output as is, under a name with its content hash.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path inside `static/` (`css/style.css`), the name templates ask for.
    pub logical: String,
    /// Where to read it.
    pub source: StaticSource,
    /// Output path (`css/style.3f2a1b9c0d4e.css`).
    pub out: String,
}

/// Everything the render and emit stages need from the theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// All templates, overrides applied.
    pub templates: Vec<TemplateFile>,
    /// Its static files, overrides applied, less those only a product the
    /// site switched off uses ([`unused_statics`]).
    pub statics: Vec<StaticFile>,
    /// Interface strings for the site's language.
    pub strings: BTreeMap<String, String>,
}

/// Files that must keep their exact name (servers and browsers look for them).
fn keeps_name(logical: &str) -> bool {
    matches!(
        logical,
        "favicon.ico" | "robots.txt" | "CNAME" | ".nojekyll"
    ) || logical.starts_with(".well-known/")
}

/// `css/style.css` + hash → `css/style.HASH.css`.
pub fn hashed_name(logical: &str, bytes: &[u8]) -> String {
    name_with_hash(logical, || content_hash(bytes))
}

fn name_with_hash(logical: &str, hash: impl FnOnce() -> String) -> String {
    if keeps_name(logical) {
        return logical.to_string();
    }
    let hash = hash();
    let (dir, file) = logical
        .rsplit_once('/')
        .map_or(("", logical), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        named
    } else {
        format!("{dir}/{named}")
    }
}

/// The first 12 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    short_hex(&Sha256::digest(bytes))
}

/// [`content_hash`] of a file, read as a stream (a large video costs no memory).
fn file_hash(mut file: std::fs::File) -> std::io::Result<String> {
    use std::io::Read;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(short_hex(&hasher.finalize()))
}

fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

impl Theme {
    /// Loads the theme of `config` for the site at `root`, overrides applied.
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
        let site = SiteFolder::new(root);
        let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
        let mut statics: BTreeMap<String, StaticFile> = BTreeMap::new();
        let mut strings: BTreeMap<String, String> = BTreeMap::new();
        let builtin = Path::new("themes/default");

        // 1. The built-in default theme.
        for file in embedded_files(&DEFAULT_THEME) {
            let path = file.path().to_string_lossy().replace('\\', "/");
            let shown = builtin.join(&path);
            if let Some(name) = path.strip_prefix("templates/") {
                match std::str::from_utf8(file.contents()) {
                    Ok(text) => {
                        templates.insert(
                            name.to_string(),
                            TemplateFile {
                                name: name.to_string(),
                                text: text.to_string(),
                                shown: PathBuf::from(format!("{} (built in)", shown.display())),
                            },
                        );
                    }
                    Err(_) => diags
                        .push(Diagnostic::error("built-in template is not UTF-8").in_file(&shown)),
                }
            } else if let Some(logical) = path.strip_prefix("static/") {
                statics.insert(
                    logical.to_string(),
                    StaticFile {
                        logical: logical.to_string(),
                        out: hashed_name(logical, file.contents()),
                        source: StaticSource::Embedded(file.contents()),
                    },
                );
            }
        }
        for lang in [BASE_LANGUAGE, config.language.as_str()] {
            if let Some(f) = DEFAULT_THEME.get_file(format!("i18n/{lang}.yaml")) {
                let text = String::from_utf8_lossy(f.contents());
                merge_strings(&mut strings, &text, &builtin.join(f.path()), diags);
            }
        }

        // 2. A theme folder in the site, when named (or when the site ships its own `default`).
        // `config.theme` is a plain folder name (checked in config.rs).
        let theme_dir = root.join("themes").join(&config.theme);
        let shown_dir = Path::new("themes").join(&config.theme);
        if let Err(d) = site.check_inside(&theme_dir, &shown_dir) {
            diags.push(d);
            return None;
        }
        if theme_dir.is_dir() {
            overlay_dir(
                &site,
                &theme_dir.join("templates"),
                &shown_dir.join("templates"),
                diags,
                |name, text, shown| {
                    templates.insert(name.clone(), TemplateFile { name, text, shown });
                },
            );
            overlay_static(
                &site,
                &theme_dir.join("static"),
                &shown_dir.join("static"),
                &mut statics,
                diags,
            );
            overlay_strings(
                &site,
                &theme_dir.join("i18n"),
                &shown_dir.join("i18n"),
                config,
                &mut strings,
                diags,
            );
        } else if config.theme != "default" {
            diags.push(
                Diagnostic::error(format!("theme `{}` not found: there is no folder themes/{}/", config.theme, config.theme))
                    .in_file(crate::config::CONFIG_FILE)
                    .at_line(config.theme_line)
                    .with_hint("create the theme folder, or remove `theme:` from site.yaml to use the built-in theme"),
            );
            return None;
        }

        // 3. The site's own overrides, file by file.
        overlay_dir(
            &site,
            &root.join("templates"),
            Path::new("templates"),
            diags,
            |name, text, shown| {
                templates.insert(name.clone(), TemplateFile { name, text, shown });
            },
        );
        overlay_static(
            &site,
            &root.join("static"),
            Path::new("static"),
            &mut statics,
            diags,
        );
        overlay_strings(
            &site,
            &root.join("i18n"),
            Path::new("i18n"),
            config,
            &mut strings,
            diags,
        );

        if config.language != BASE_LANGUAGE
            && !DEFAULT_THEME.contains(format!("i18n/{}.yaml", config.language))
            && !theme_dir
                .join("i18n")
                .join(format!("{}.yaml", config.language))
                .is_file()
            && !root
                .join("i18n")
                .join(format!("{}.yaml", config.language))
                .is_file()
        {
            diags.push(
                Diagnostic::warning(format!(
                    "no interface strings for language `{}`: menus stay in Vietnamese",
                    config.language
                ))
                .in_file(crate::config::CONFIG_FILE)
                .with_hint(format!(
                    "copy themes/default/i18n/vi.yaml to i18n/{}.yaml in the site and translate it",
                    config.language
                )),
            );
        }
        for unused in unused_statics(&config.outputs) {
            statics.remove(*unused);
        }
        Some(Theme {
            templates: templates.into_values().collect(),
            statics: statics.into_values().collect(),
            strings,
        })
    }

    /// Logical static path → hashed output path.
    pub fn static_map(&self) -> BTreeMap<String, String> {
        self.statics
            .iter()
            .map(|s| (s.logical.clone(), s.out.clone()))
            .collect()
    }
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}

/// The static files (paths under `static/`) that only a product switched
/// off by `outputs:` uses: the build leaves them out, so they are not
/// copied, precached by the service worker or listed. The slide decks' own
/// stylesheet and script are the only ones.
fn unused_statics(outputs: &crate::config::Outputs) -> &'static [&'static str] {
    if outputs.decks {
        &[]
    } else {
        &["css/deck.css", "js/deck.js"]
    }
}

/// Hidden names a static folder may hold: servers and hosts look for them.
const KEPT_HIDDEN: &[&str] = &[".well-known", ".nojekyll"];

fn overlay_dir(
    site: &SiteFolder,
    dir: &Path,
    shown: &Path,
    diags: &mut Diagnostics,
    mut add: impl FnMut(String, String, PathBuf),
) {
    for f in site.walk(dir, shown, &[], diags) {
        let shown_file = shown.join(&f.rel);
        match input::read_text(&f.path, &shown_file) {
            Ok(Some(text)) => add(f.rel, text, shown_file),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}

fn overlay_static(
    site: &SiteFolder,
    dir: &Path,
    shown: &Path,
    statics: &mut BTreeMap<String, StaticFile>,
    diags: &mut Diagnostics,
) {
    for f in site.walk(dir, shown, KEPT_HIDDEN, diags) {
        let shown_file = shown.join(&f.rel);
        let hash = match input::open_file(&f.path, &shown_file) {
            Ok(Some((file, _))) => file_hash(file).map_err(|e| {
                Diagnostic::error(format!("cannot read static file: {e}"))
                    .in_file(&shown_file)
                    .with_hint("check that the file exists and that you may read it")
            }),
            Ok(None) => continue,
            Err(d) => Err(d),
        };
        match hash {
            Ok(hash) => {
                statics.insert(
                    f.rel.clone(),
                    StaticFile {
                        out: name_with_hash(&f.rel, || hash),
                        logical: f.rel,
                        source: StaticSource::File(f.path),
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

fn overlay_strings(
    site: &SiteFolder,
    dir: &Path,
    shown: &Path,
    config: &Config,
    strings: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    for lang in [BASE_LANGUAGE, config.language.as_str()] {
        let path = dir.join(format!("{lang}.yaml"));
        let shown_file = shown.join(format!("{lang}.yaml"));
        match site.read_text(&path, &shown_file) {
            Ok(Some(text)) => merge_strings(strings, &text, &shown_file, diags),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}

fn merge_strings(
    strings: &mut BTreeMap<String, String>,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) {
    match yaml::from_str::<BTreeMap<String, String>>(text) {
        Ok(map) => strings.extend(map.into_iter().map(|(k, v)| {
            let v = crate::text::without_controls(&v).unwrap_or(v);
            (k, v)
        })),
        Err(e) => {
            let (l, c, hint) = e.explain(text);
            diags.push(
                Diagnostic::error(format!("invalid interface strings: {}", e.message))
                    .in_file(shown)
                    .at(l, c)
                    .with_hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        let h = content_hash(b"body{}");
        assert_eq!(h.len(), 12);
        assert_eq!(
            hashed_name("css/style.css", b"body{}"),
            format!("css/style.{h}.css")
        );
        assert_eq!(hashed_name("LICENSE", b"body{}"), format!("LICENSE.{h}"));
        assert_eq!(hashed_name("robots.txt", b"x"), "robots.txt");
        assert_ne!(hashed_name("a.css", b"1"), hashed_name("a.css", b"2"));
    }

    #[test]
    fn files_are_hashed_as_a_stream_to_the_same_name() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.bin");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let hash = file_hash(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(hash, content_hash(&bytes));
    }

    #[test]
    fn builtin_theme_has_the_core_templates_and_strings() {
        let mut d = Diagnostics::new();
        let config = Config::parse("title: A\n", &mut d).unwrap();
        let theme = Theme::load(Path::new("/nonexistent"), &config, &mut d).unwrap();
        for name in [
            "base.html",
            "index.html",
            "section.html",
            "page.html",
            "404.html",
        ] {
            assert!(theme.templates.iter().any(|t| t.name == name), "{name}");
        }
        assert!(theme.statics.iter().any(|s| s.logical == "css/style.css"));
        assert_eq!(
            theme.strings.get("next").map(String::as_str),
            Some("Bài tiếp theo")
        );
        assert!(d.is_empty(), "{d:?}");
    }
}
