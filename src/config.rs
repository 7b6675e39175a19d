//! The site's settings, read from `site.yaml` at the site root.

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
];

/// Default for `review.max_age_months`.
pub const DEFAULT_REVIEW_MAX_AGE_MONTHS: u32 = 12;

impl Config {
    /// Reads `site.yaml` from `root`. Warnings (unknown keys) are added to `diags`;
    /// an unreadable or invalid file is an error there and gives `None`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let shown = Path::new(CONFIG_FILE);
        let text = match crate::diagnostics::read_text(&path, shown) {
            Ok(Some(text)) => text,
            Ok(None) => {
                diags.push(
                    Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display()))
                        .with_hint(format!(
                            "run baihoc in the site folder (the one holding {CONFIG_FILE} and content/), or pass --root DIR"
                        )),
                );
                return None;
            }
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        Self::parse(&text, diags)
    }

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
                    .with_hint(crate::content::did_you_mean(&key, KNOWN_KEYS));
                if let Some(l) = line {
                    d = d.at_line(l);
                }
                diags.push(d);
            }
        }
        let raw: RawConfig = match yaml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(yaml_error(e));
                return None;
            }
        };
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
        Some(Config {
            short_name,
            title,
            description: raw.description.unwrap_or_default(),
            language: raw.language.unwrap_or_else(|| "vi".to_string()),
            base_url,
            organisation: raw.organisation,
            theme: raw.theme.unwrap_or_else(|| "default".to_string()),
            theme_line: yaml::key_line(text, "theme").unwrap_or(1),
            review_max_age_months,
        })
    }
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
    fn base_url_is_trimmed_and_checked() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title: A\nbase_url: https://x.vn/khoa/\n", &mut d).unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.vn/khoa"));
        assert!(Config::parse("title: A\nbase_url: x.vn\n", &mut d).is_none());
        assert!(d.has_errors());
    }
}
