//! The site's settings, parsed from the text of `site.yaml` (the load stage
//! reads the file) and checked: a theme is a folder name, a language a
//! language tag, an address an http(s) address.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// The name of the settings file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Settings of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The course title, shown in every page header.
    pub title: String,
    /// A short name (at most about 12 characters) for a phone's home screen.
    pub short_name: String,
    /// One sentence about the course (meta description of the home page).
    pub description: String,
    /// BCP 47 language code of the content; selects the interface strings. Default `vi`.
    pub language: String,
    /// Absolute address where the site is published, without a trailing `/`.
    /// Only used where a link must be absolute (sitemap, 404 page).
    pub base_url: Option<String>,
    /// Who publishes the course (shown in the footer).
    pub organisation: Option<String>,
    /// Theme name: `default` (built in) or a folder under `themes/`.
    pub theme: String,
    /// Line of `theme:` in site.yaml (1 when not written), for diagnostics.
    pub theme_line: usize,
    /// A page whose `reviewed:` date is older than this many months gets a warning.
    pub review_max_age_months: u32,
    /// How many bytes of the files beside the lessons (pictures, PDFs) a
    /// phone stores on its first visit; the rest are stored when first opened.
    pub precache_budget: u64,
    /// Hosts QR codes may lead to besides `base_url` (`vneid.gov.vn`), in lower case.
    pub trusted_hosts: Vec<String>,
    /// Optional products switched on or off.
    pub outputs: Outputs,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfig {
    title: Option<String>,
    short_name: Option<String>,
    description: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
    organisation: Option<String>,
    theme: Option<String>,
    review: RawReview,
    trusted_hosts: Vec<String>,
    offline: RawOffline,
    outputs: Outputs,
}

/// Which optional products a site builds (`outputs:` in site.yaml): all of
/// them unless switched off, as Hugo's `disableKinds` or Zola's
/// `build_search_index`. Pages, assets, the service worker and the other
/// files every page relies on are always built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outputs {
    /// A slide deck for each lesson (`*.trinh-chieu.html`).
    pub decks: bool,
    /// Print views of whole sections and of the course (`ban-in.html`).
    pub print: bool,
    /// The search page and index.
    pub search: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            decks: true,
            print: true,
            search: true,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawOffline {
    precache_budget_mb: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawReview {
    max_age_months: Option<u32>,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "short_name",
    "description",
    "language",
    "base_url",
    "organisation",
    "theme",
    "review",
    "offline",
    "trusted_hosts",
    "outputs",
];

/// Default for `offline.precache_budget_mb`: what a phone stores of the
/// files beside the lessons on its first visit, besides pages and theme.
pub const DEFAULT_PRECACHE_BUDGET_MB: u32 = 5;

/// Default for `review.max_age_months`.
pub const DEFAULT_REVIEW_MAX_AGE_MONTHS: u32 = 12;

impl Config {
    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let shown = Path::new(CONFIG_FILE);
        let yaml_error = |e: yaml::YamlError| {
            let (l, c, hint) = e.explain(text);
            Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", e.message))
                .in_file(shown)
                .at(l, c)
                .with_hint(hint)
        };
        let keys = match yaml::top_level_keys(text) {
            Ok(k) => k,
            Err(e) => {
                diags.push(yaml_error(e));
                return None;
            }
        };
        for (key, line) in keys {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let mut d = Diagnostic::warning(format!("unknown key `{key}` in {CONFIG_FILE}"))
                    .in_file(shown)
                    .with_code("unknown-site-key")
                    .with_hint(crate::text::did_you_mean(&key, KNOWN_KEYS));
                if let Some(l) = line {
                    d = d.at_line(l);
                }
                diags.push(d);
            }
        }
        let mut raw: RawConfig = match yaml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(yaml_error(e));
                return None;
            }
        };
        for (key, value) in [
            ("title", raw.title.as_mut()),
            ("short_name", raw.short_name.as_mut()),
            ("description", raw.description.as_mut()),
            ("organisation", raw.organisation.as_mut()),
        ] {
            if let Some(v) = value
                && let Some(cleaned) = crate::text::without_controls(v)
            {
                *v = cleaned;
                diags.push(
                    Diagnostic::warning(format!(
                        "`{key}` holds control characters (such as NUL or escape), which are removed"
                    ))
                    .in_file(shown)
                    .at_line(yaml::key_line(text, key).unwrap_or(1))
                    .with_code("control-characters")
                    .with_hint("remove the `\\0`, `\\e` or `\\x..` escapes from the quoted text"),
                );
            }
        }
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if !is_folder_name(&theme) {
            diags.push(
                Diagnostic::error(format!(
                    "`theme` must be the name of a folder under themes/, not `{theme}`"
                ))
                .in_file(shown)
                .at_line(yaml::key_line(text, "theme").unwrap_or(1))
                .with_code("bad-theme-name")
                .with_hint("write only the folder's name, e.g. `theme: truong-em` for themes/truong-em/ in the site folder"),
            );
            return None;
        }
        let language = raw.language.unwrap_or_else(|| "vi".to_string());
        if !is_language_tag(&language) {
            diags.push(
                Diagnostic::error(format!(
                    "`language` must be a language tag such as `vi`, `en` or `zh-Hant`, not `{language}`"
                ))
                .in_file(shown)
                .at_line(yaml::key_line(text, "language").unwrap_or(1))
                .with_code("bad-language")
                .with_hint("write the language of the lessons as a BCP 47 tag: `vi` for Vietnamese"),
            );
            return None;
        }
        let Some(title) = raw.title.filter(|t| !t.trim().is_empty()) else {
            diags.push(
                Diagnostic::error(format!("{CONFIG_FILE} has no `title`"))
                    .in_file(shown)
                    .at_line(1)
                    .with_hint("add a line such as `title: \"Sử dụng VNeID an toàn\"`"),
            );
            return None;
        };
        let base_url = match raw
            .base_url
            .map(|u| u.trim().trim_end_matches('/').to_string())
        {
            Some(u) if u.is_empty() => None,
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => Some(u),
            Some(u) => {
                diags.push(
                    Diagnostic::error(format!(
                        "`base_url` must be an absolute http(s) address, not `{u}`"
                    ))
                    .in_file(shown)
                    .at_line(yaml::key_line(text, "base_url").unwrap_or(1))
                    .with_hint(
                        "write it like `base_url: \"https://truong.edu.vn/vneid\"`, or remove it",
                    ),
                );
                return None;
            }
            None => None,
        };
        let short_name = raw
            .short_name
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| short_name_of(&title));
        let review_max_age_months = raw
            .review
            .max_age_months
            .unwrap_or(DEFAULT_REVIEW_MAX_AGE_MONTHS);
        if !(1..=1200).contains(&review_max_age_months) {
            diags.push(
                Diagnostic::error(format!(
                    "`review.max_age_months` must be between 1 and 1200, not {review_max_age_months}"
                ))
                .in_file(shown)
                .at_line(text.lines().position(|l| l.trim_start().starts_with("max_age_months")).map_or(1, |i| i + 1))
                .with_hint("give the age in months after which a page's facts need a new review, e.g. 12"),
            );
            return None;
        }
        let budget_mb = raw
            .offline
            .precache_budget_mb
            .unwrap_or(DEFAULT_PRECACHE_BUDGET_MB);
        if budget_mb > 10_000 {
            diags.push(
                Diagnostic::error(format!(
                    "`offline.precache_budget_mb` must be at most 10000, not {budget_mb}"
                ))
                .in_file(shown)
                .at_line(text.lines().position(|l| l.trim_start().starts_with("precache_budget_mb")).map_or(1, |i| i + 1))
                .with_hint("give the megabytes of pictures and files a phone should store on its first visit, e.g. 5 (0 stores none ahead)"),
            );
            return None;
        }
        let mut trusted_hosts = Vec::new();
        for host in raw.trusted_hosts {
            let lower = host.trim().to_ascii_lowercase();
            if !is_host_name(&lower) {
                diags.push(
                    Diagnostic::error(format!(
                        "`trusted_hosts` must list host names such as `vneid.gov.vn`, not `{host}`"
                    ))
                    .in_file(shown)
                    .at_line(yaml::key_line(text, "trusted_hosts").unwrap_or(1))
                    .with_hint("write only the host: no https://, no path, no port (QR codes to it are drawn over https)"),
                );
                return None;
            }
            trusted_hosts.push(lower);
        }
        Some(Config {
            outputs: raw.outputs,
            trusted_hosts,
            precache_budget: u64::from(budget_mb) * 1024 * 1024,
            short_name,
            title,
            description: raw.description.unwrap_or_default(),
            language,
            base_url,
            organisation: raw.organisation,
            theme,
            theme_line: yaml::key_line(text, "theme").unwrap_or(1),
            review_max_age_months,
        })
    }
}

/// A plain folder name: not empty, no `/`, `\\` or `:`, not hidden, not `.` or
/// `..`, no control characters. Anything else could lead out of `themes/`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control)
}

/// A host name: dot-separated labels of ASCII letters, digits and `-`, with
/// at least one dot (`vneid.gov.vn`).
fn is_host_name(host: &str) -> bool {
    host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// A language tag (BCP 47, simplified): a 2 or 3 letter language, then
/// subtags of 1 to 8 letters or digits after `-` (`vi`, `en-GB`, `zh-Hant`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    tag.len() <= 35
        && (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The title cut at a word boundary to at most 15 characters.
fn short_name_of(title: &str) -> String {
    let mut short = String::new();
    for word in title.split_whitespace() {
        let len = short.chars().count() + usize::from(!short.is_empty()) + word.chars().count();
        if len > 15 {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        title.chars().take(15).collect()
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title: Khoá học\n", &mut d).unwrap();
        assert_eq!(c.language, "vi");
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_url, None);
        assert_eq!(c.review_max_age_months, 12);
        assert_eq!(c.short_name, "Khoá học");
        assert!(d.is_empty());
        let c = Config::parse("title: Sử dụng VNeID an toàn cho học sinh\n", &mut d).unwrap();
        assert_eq!(c.short_name, "Sử dụng VNeID");
    }

    #[test]
    fn unknown_key_warns_with_suggestion() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title: A\nlanguge: vi\n", &mut d);
        assert!(c.is_some());
        let w: Vec<_> = d.iter().collect();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(2));
        assert!(w[0].hint.as_deref().unwrap().contains("language"));
    }

    #[test]
    fn review_age_is_bounded() {
        let mut d = Diagnostics::new();
        let text = "title: A\nreview:\n  max_age_months: 2147483648\n";
        assert!(Config::parse(text, &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert!(e.is_error());
        // The value does not fit a u32: a type error at its position.
        assert_eq!(e.line, Some(3), "{e}");
        let mut d = Diagnostics::new();
        assert!(Config::parse("title: A\nreview: {max_age_months: 0}\n", &mut d).is_none());
        assert!(
            d.iter()
                .next()
                .unwrap()
                .message
                .contains("between 1 and 1200")
        );
    }

    #[test]
    fn theme_is_a_folder_name() {
        for bad in ["/etc", "../..", "..", "a/b", "a\\b", ".hidden", "", "C:x"] {
            let mut d = Diagnostics::new();
            let text = format!("title: A\ntheme: \"{}\"\n", bad.replace('\\', "\\\\"));
            assert!(Config::parse(&text, &mut d).is_none(), "{bad}");
            let e = d.iter().next().unwrap();
            assert_eq!(e.line, Some(2), "{e}");
            assert!(e.message.contains("name of a folder under themes/"), "{e}");
        }
        let mut d = Diagnostics::new();
        let c = Config::parse("title: A\ntheme: trường-em_2\n", &mut d).unwrap();
        assert_eq!(c.theme, "trường-em_2");
    }

    #[test]
    fn language_is_a_language_tag() {
        for good in ["vi", "en", "zh-Hant", "pt-BR", "sr-Latn-RS", "fil"] {
            let mut d = Diagnostics::new();
            let c = Config::parse(&format!("title: A\nlanguage: {good}\n"), &mut d);
            assert_eq!(c.map(|c| c.language).as_deref(), Some(good));
        }
        for bad in [
            "../../x",
            "/etc/passwd",
            "v",
            "vi_VN",
            "vi-",
            "english",
            "vi/../x",
        ] {
            let mut d = Diagnostics::new();
            let text = format!("title: A\nlanguage: \"{bad}\"\n");
            assert!(Config::parse(&text, &mut d).is_none(), "{bad}");
            let e = d.iter().next().unwrap();
            assert_eq!(e.line, Some(2), "{e}");
            assert!(e.message.contains("language tag"), "{e}");
        }
    }

    #[test]
    fn control_characters_are_removed_from_the_title() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title: \"Khoá\\0 học\\e]0;x\"\n", &mut d).unwrap();
        assert_eq!(c.title, "Khoá học]0;x");
        let w = d.iter().next().unwrap();
        assert!(
            !w.is_error() && w.message.contains("control characters"),
            "{w}"
        );
    }

    #[test]
    fn trusted_hosts_are_host_names() {
        let mut d = Diagnostics::new();
        let c = Config::parse(
            "title: A\ntrusted_hosts: [VNeID.gov.vn, dichvucong.gov.vn]\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(c.trusted_hosts, ["vneid.gov.vn", "dichvucong.gov.vn"]);
        for bad in [
            "https://vneid.gov.vn",
            "vneid.gov.vn/x",
            "localhost",
            "a..vn",
            "vneid.gov.vn:443",
        ] {
            let mut d = Diagnostics::new();
            let text = format!("title: A\n\ntrusted_hosts:\n  - \"{bad}\"\n");
            assert!(Config::parse(&text, &mut d).is_none(), "{bad}");
            let e = d.iter().next().unwrap();
            assert_eq!(e.line, Some(3), "{e}");
            assert!(e.message.contains("host names"), "{e}");
        }
    }

    #[test]
    fn base_url_is_trimmed_and_checked() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title: A\nbase_url: https://x.vn/khoa/\n", &mut d).unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.vn/khoa"));
        assert!(Config::parse("title: A\nbase_url: x.vn\n", &mut d).is_none());
        assert!(d.has_errors());
    }
}
