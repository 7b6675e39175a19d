//! Front matter: the YAML block between `---` lines at the top of a Markdown
//! file, split from the body, checked key by key, with positions for errors.

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// The longest `slug:` kept, in bytes: file names stay far below the
/// 255-byte limit of file systems.
pub const MAX_SLUG_BYTES: usize = 80;

/// Every key a page or section may set.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "date",
    "draft",
    "audience",
    "tags",
    "reviewed",
    "sources",
    "layout",
    "slug",
    "slides",
    "poster",
];

/// The checked front matter of one page or section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Required.
    pub title: String,
    /// One sentence: meta description and listings.
    pub description: Option<String>,
    /// Order within the section, smallest first; pages without weight come last.
    pub weight: Option<i64>,
    /// Publication date.
    pub date: Option<Date>,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
    /// Who the page is for ("học sinh", "giáo viên", "phụ huynh").
    pub audience: Vec<String>,
    /// Free keywords.
    pub tags: Vec<String>,
    /// When the page's facts were last checked.
    pub reviewed: Option<Date>,
    /// Ids of cited documents in the sources registry, with the line of each.
    pub sources: Vec<(String, usize)>,
    /// Template to use instead of the default for the kind of document.
    pub layout: Option<String>,
    /// Output file name (without `.html`) instead of the one made from the file name.
    pub slug: Option<String>,
    /// Where the page divides into slides (`slides:`), or no slide deck.
    pub slides: Slides,
    /// Paper of a poster (`layout: poster`): `poster: {size: A3, orientation: landscape}`.
    pub poster: Option<Poster>,
    /// Line of each key that was written, for later diagnostics.
    pub key_lines: Vec<(String, usize)>,
}

impl FrontMatter {
    /// The line where `key` was written, if it was.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
    }
}

/// How a page divides into slides, from `slides:` in its front matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Slides {
    /// A slide at each `##` heading (and `#`): the default, `slides: "##"`.
    #[default]
    AtH2,
    /// A slide at each `###`, `##` or `#` heading: `slides: "###"`.
    AtH3,
    /// A slide at each `---` rule, headings staying inside: `slides: "---"`.
    AtRules,
    /// No slide deck for this page: `slides: false`.
    Off,
}

impl Slides {
    /// The values `slides:` takes, as written in a message.
    pub const CHOICES: &'static str = "\"##\", \"###\", \"---\" or false";

    /// The setting a written value names, or what is wrong with it (message, hint).
    fn parse(value: &SlidesValue) -> Result<Slides, (String, &'static str)> {
        match value {
            SlidesValue::Bool(true) => Ok(Slides::AtH2),
            SlidesValue::Bool(false) => Ok(Slides::Off),
            SlidesValue::Text(t) => match t.trim() {
                "##" => Ok(Slides::AtH2),
                "###" => Ok(Slides::AtH3),
                "---" => Ok(Slides::AtRules),
                other => Err((
                    format!("`slides: {other}` is not a way to divide a page into slides"),
                    "write `slides: \"###\"` for a slide at each ### heading, `slides: \"---\"` for a slide at each --- line, or `slides: false` for no slide deck (the default is a slide at each ## heading)",
                )),
            },
            SlidesValue::Nothing => Err((
                "`slides:` has no value".to_string(),
                "quote it, as in `slides: \"###\"`: without quotes YAML reads `#` as the start of a comment",
            )),
        }
    }
}

/// The sheet a poster fills.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Poster {
    /// A4, A3 or A2.
    pub size: PaperSize,
    /// Portrait or landscape.
    pub orientation: Orientation,
}

/// An ISO paper size a school prints posters on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PaperSize {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 297 × 420 mm.
    A3,
    /// 420 × 594 mm.
    A2,
}

impl PaperSize {
    /// "A4", "A3", "A2".
    pub fn name(self) -> &'static str {
        match self {
            PaperSize::A4 => "A4",
            PaperSize::A3 => "A3",
            PaperSize::A2 => "A2",
        }
    }

    /// Width and height in millimetres, portrait.
    pub fn millimetres(self) -> (u32, u32) {
        match self {
            PaperSize::A4 => (210, 297),
            PaperSize::A3 => (297, 420),
            PaperSize::A2 => (420, 594),
        }
    }
}

/// `slides:` as written: text, true/false, or nothing (`slides: ##` reads
/// as nothing, since `#` starts a YAML comment).
enum SlidesValue {
    Text(String),
    Bool(bool),
    Nothing,
}

impl<'de> Deserialize<'de> for SlidesValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = SlidesValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(Slides::CHOICES)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Text(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Nothing)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<SlidesValue, E> {
                Ok(SlidesValue::Nothing)
            }
        }
        d.deserialize_any(V)
    }
}

/// Which way a poster's sheet stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Taller than wide.
    #[default]
    Portrait,
    /// Wider than tall.
    Landscape,
}

impl Orientation {
    /// "portrait" or "landscape".
    pub fn name(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
        }
    }
}

impl Poster {
    /// Width and height of the sheet in millimetres.
    pub fn millimetres(self) -> (u32, u32) {
        let (w, h) = self.size.millimetres();
        match self.orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        }
    }
}

/// `poster:` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPoster {
    size: Option<String>,
    orientation: Option<String>,
}

/// A file split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line in the file where the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line in the file where the body starts.
    pub body_line: usize,
}

/// Splits `text` at its `---` fences. `Err` is the diagnostic to report.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let example = "start the file with a block such as:\n  ---\n  title: \"Tên bài học\"\n  ---";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "missing front matter: the file must start with a `---` line",
        )
        .in_file(file)
        .at(1, 1)
        .with_hint(example));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("front matter is not closed: no `---` line after it")
            .in_file(file)
            .at(1, 1)
            .with_hint("add a line holding only `---` after the last front matter key"),
    )
}

/// A text or a list of texts (`tags: sim` or `tags: [sim, ứng dụng]`). Read
/// with a visitor rather than as an untagged enum: that would buffer the
/// value and build an error message for every list before trying it as one
/// (a tenth of the front matter's reading time), and lose the position of a
/// wrong value.
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(v) = seq.next_element::<String>()? {
                    all.push(v);
                }
                Ok(OneOrMany::Many(all))
            }
        }
        d.deserialize_any(V)
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The front matter as written, read in one pass that also collects the
/// keys it does not know (so the YAML is parsed once and type errors keep
/// their position).
#[derive(Default)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    weight: Option<i64>,
    date: Option<String>,
    draft: Option<bool>,
    audience: Option<OneOrMany>,
    tags: Option<OneOrMany>,
    reviewed: Option<String>,
    sources: Option<Vec<String>>,
    layout: Option<String>,
    slug: Option<String>,
    slides: Option<SlidesValue>,
    poster: Option<RawPoster>,
    unknown: Vec<String>,
    /// Keys written more than once.
    repeated: Vec<String>,
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("front matter keys such as `title: ...`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                let mut raw = Raw::default();
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        raw.repeated.push(key.clone());
                    }
                    match key.as_str() {
                        "title" => raw.title = map.next_value()?,
                        "description" => raw.description = map.next_value()?,
                        "weight" => raw.weight = map.next_value()?,
                        "date" => raw.date = map.next_value()?,
                        "draft" => raw.draft = map.next_value()?,
                        "audience" => raw.audience = map.next_value()?,
                        "tags" => raw.tags = map.next_value()?,
                        "reviewed" => raw.reviewed = map.next_value()?,
                        "sources" => raw.sources = map.next_value()?,
                        "layout" => raw.layout = map.next_value()?,
                        "slug" => raw.slug = map.next_value()?,
                        "slides" => raw.slides = Some(map.next_value()?),
                        "poster" => raw.poster = map.next_value()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            raw.unknown.push(key);
                        }
                    }
                }
                Ok(raw)
            }
        }
        d.deserialize_map(V)
    }
}

/// Parses and checks front matter. Warnings go to `diags`; `None` means an error was reported.
/// `title_fallback` is used when `title` is missing (sections may omit it); pages pass `None`.
pub fn parse(
    split: &Split<'_>,
    file: &Path,
    title_fallback: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<FrontMatter> {
    let to_file_line = |l: usize| l + split.yaml_line - 1;
    let mut raw: Raw = match yaml::from_str(split.yaml) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml_error(e, split, file));
            return None;
        }
    };
    let lines = yaml::KeyLines::of(split.yaml);
    let key_lines: Vec<(String, usize)> = KNOWN_KEYS
        .iter()
        .filter_map(|k| lines.first(k).map(|l| (k.to_string(), to_file_line(l))))
        .collect();
    if let Some(key) = raw.repeated.first() {
        let second = lines.nth(key, 1).map_or(split.yaml_line, to_file_line);
        diags.push(
            Diagnostic::error(format!("`{key}` is written twice in the front matter"))
                .in_file(file)
                .at(second, 1)
                .with_hint("keep one of the two lines"),
        );
        return None;
    }
    for key in &raw.unknown {
        let mut d = Diagnostic::warning(format!("unknown front matter key `{key}`"))
            .in_file(file)
            .with_code("unknown-front-matter-key")
            .with_hint(crate::text::did_you_mean(key, KNOWN_KEYS));
        if let Some(l) = lines.first(key) {
            d = d.at(to_file_line(l), 1);
        }
        diags.push(d);
    }
    let line_of = |key: &str| key_lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
    let mut ok = true;
    let mut date_of = |key: &str, value: Option<String>| -> Option<Date> {
        let value = value?;
        let parsed = Date::parse(&value);
        if parsed.is_none() {
            ok = false;
            diags.push(
                Diagnostic::error(format!("`{key}` is not a date: `{value}`"))
                    .in_file(file)
                    .at_line(line_of(key).unwrap_or(split.yaml_line))
                    .with_hint(format!(
                        "write it as YYYY-MM-DD, for example `{key}: 2024-07-01` (a time after it, such as 2024-07-01T08:00:00+07:00, is allowed)"
                    )),
            );
        }
        parsed
    };
    let slides = match raw.slides.take().map(|v| Slides::parse(&v)) {
        None => Slides::default(),
        Some(Ok(s)) => s,
        Some(Err((message, hint))) => {
            diags.push(
                Diagnostic::error(format!("{message}: use {}", Slides::CHOICES))
                    .in_file(file)
                    .at_line(line_of("slides").unwrap_or(split.yaml_line))
                    .with_hint(hint),
            );
            return None;
        }
    };
    let date = date_of("date", raw.date.take());
    let reviewed = date_of("reviewed", raw.reviewed.take());
    let mut clean = |key: &str, value: &mut String| {
        if let Some(cleaned) = crate::text::without_controls(value) {
            *value = cleaned;
            diags.push(
                Diagnostic::warning(format!(
                    "`{key}` holds control characters (such as NUL or escape), which are removed"
                ))
                .in_file(file)
                .at_line(line_of(key).unwrap_or(split.yaml_line))
                .with_code("control-characters")
                .with_hint("remove the `\\0`, `\\e` or `\\x..` escapes from the quoted text"),
            );
        }
    };
    for (key, value) in [
        ("title", raw.title.as_mut()),
        ("description", raw.description.as_mut()),
        ("layout", raw.layout.as_mut()),
        ("slug", raw.slug.as_mut()),
    ] {
        if let Some(v) = value {
            clean(key, v);
        }
    }
    for (key, list) in [
        ("audience", raw.audience.as_mut()),
        ("tags", raw.tags.as_mut()),
    ] {
        match list {
            Some(OneOrMany::One(v)) => clean(key, v),
            Some(OneOrMany::Many(vs)) => vs.iter_mut().for_each(|v| clean(key, v)),
            None => {}
        }
    }
    for v in raw.sources.iter_mut().flatten() {
        clean("sources", v);
    }
    let title = match raw
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
    {
        Some(t) => t,
        None => match title_fallback {
            Some(f) => f.to_string(),
            None => {
                diags.push(
                    Diagnostic::error("missing `title` in front matter")
                        .in_file(file)
                        .at_line(line_of("title").unwrap_or(split.yaml_line - 1))
                        .with_hint("add a line such as `title: \"Cài đặt VNeID an toàn\"`"),
                );
                return None;
            }
        },
    };
    let poster = match raw.poster.take().map(|p| poster_of(p)) {
        Some(Ok(p)) => Some(p),
        Some(Err((value, what, hint))) => {
            let from = line_of("poster").unwrap_or(split.yaml_line);
            // The line and column of the key inside `poster:`, on its line or below.
            let (line, column) = split
                .yaml
                .lines()
                .enumerate()
                .skip(from - split.yaml_line)
                .find_map(|(i, l)| {
                    l.find(&format!("{what}:"))
                        .map(|c| (to_file_line(i + 1), c + 1))
                })
                .unwrap_or((from, 1));
            diags.push(
                Diagnostic::error(format!(
                    "`poster: {{{what}: {value}}}` is not a {what} baihoc knows"
                ))
                .in_file(file)
                .at(line, column)
                .with_hint(hint),
            );
            return None;
        }
        None => None,
    };
    if !ok {
        return None;
    }
    let sources_line = line_of("sources").unwrap_or(split.yaml_line);
    let item_lines = list_item_lines(split.yaml);
    let sources = raw
        .sources
        .unwrap_or_default()
        .into_iter()
        .map(|id| {
            let line = item_lines
                .get(id.as_str())
                .map_or(sources_line, |&l| to_file_line(l));
            (id.trim().to_string(), line)
        })
        .collect();
    for (key, value) in [
        ("title", Some(&title)),
        ("description", raw.description.as_ref()),
    ] {
        if let Some(v) = value
            && (v.starts_with(['“', '”', '‘']) || v.ends_with(['“', '”', '’']))
        {
            diags.push(
                Diagnostic::warning(format!("`{key}` is wrapped in curly quotes, which will show on the page"))
                    .with_code("curly-quotes")
                    .in_file(file)
                    .at_line(line_of(key).unwrap_or(split.yaml_line))
                    .with_hint("YAML quotes are straight: write `\"...\"` (a word processor may have changed them)"),
            );
        }
    }
    Some(FrontMatter {
        title,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        weight: raw.weight,
        date,
        draft: raw.draft.unwrap_or(false),
        audience: raw.audience.map(OneOrMany::into_vec).unwrap_or_default(),
        tags: raw.tags.map(OneOrMany::into_vec).unwrap_or_default(),
        reviewed,
        sources,
        layout: raw.layout,
        slug: raw
            .slug
            .map(|s| {
                crate::text::shorten_slug(&crate::text::slugify(&s), MAX_SLUG_BYTES).to_string()
            })
            .filter(|s| !s.is_empty()),
        slides,
        poster,
        key_lines,
    })
}

/// The checked `poster:` value, or (the value, the key, a hint) for an
/// unknown size or orientation. Case does not matter; a missing key takes
/// its default (A4, portrait).
fn poster_of(raw: RawPoster) -> Result<Poster, (String, &'static str, &'static str)> {
    let size = match raw.size.as_deref().map(|s| s.trim().to_ascii_uppercase()) {
        None => PaperSize::A4,
        Some(s) => match s.as_str() {
            "A4" => PaperSize::A4,
            "A3" => PaperSize::A3,
            "A2" => PaperSize::A2,
            _ => {
                return Err((
                    raw.size.unwrap_or_default(),
                    "size",
                    "write `size: A4`, `size: A3` or `size: A2`",
                ));
            }
        },
    };
    let orientation = match raw
        .orientation
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase())
    {
        None => Orientation::Portrait,
        Some(o) => match o.as_str() {
            "portrait" => Orientation::Portrait,
            "landscape" => Orientation::Landscape,
            _ => {
                return Err((
                    raw.orientation.unwrap_or_default(),
                    "orientation",
                    "write `orientation: portrait` (taller than wide) or `orientation: landscape` (wider than tall)",
                ));
            }
        },
    };
    Ok(Poster { size, orientation })
}

/// The 1-based line of the first `- item` of each text written as a list item
/// on a line of its own (where a source id is written one per line), in one pass.
fn list_item_lines(yaml: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, l) in yaml.lines().enumerate() {
        if let Some(item) = l.trim_start().strip_prefix('-') {
            let item = item.trim().trim_matches(|c| c == '"' || c == '\'');
            lines.entry(item).or_insert(i + 1);
        }
    }
    lines
}

/// The diagnostic for a front matter that is not valid YAML or has a value of the wrong type.
fn yaml_error(e: yaml::YamlError, split: &Split<'_>, file: &Path) -> Diagnostic {
    use yaml::YamlErrorKind as K;
    let to_file_line = |l: usize| l + split.yaml_line - 1;
    let d = Diagnostic::error(match e.kind {
        K::WrongType => format!("wrong value in front matter: {}", e.message),
        _ => format!("invalid YAML in front matter: {}", e.message),
    })
    .in_file(file);
    if e.kind == K::WrongType {
        let d = d.with_hint(
            "check the type of this value: text (quote it if it contains `:` or `#`), a number for `weight`, true/false for `draft`, a text or a list like [a, b] for `tags`, `audience` and `sources`",
        );
        match e.line {
            Some(l) => d.at(to_file_line(l), e.column.unwrap_or(1)),
            None => d.at_line(split.yaml_line - 1),
        }
    } else {
        let (l, c, hint) = e.explain(split.yaml);
        d.at(to_file_line(l), c).with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Option<FrontMatter>, Diagnostics) {
        let mut d = Diagnostics::new();
        let file = Path::new("content/a.md");
        let fm = match split(text, file) {
            Ok(s) => parse(&s, file, None, &mut d),
            Err(e) => {
                d.push(e);
                None
            }
        };
        (fm, d)
    }

    #[test]
    fn splits_and_parses() {
        let text = "---\ntitle: \"Kích hoạt\"\nweight: 3\ntags: an toàn\nsources:\n  - nd-59\n  - nd-69\n---\n# Body\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 9);
        let (fm, d) = parse_str(text);
        let fm = fm.unwrap();
        assert!(d.is_empty());
        assert_eq!(fm.title, "Kích hoạt");
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.tags, vec!["an toàn"]);
        assert_eq!(
            fm.sources,
            vec![("nd-59".to_string(), 6), ("nd-69".to_string(), 7)]
        );
        assert_eq!(fm.line_of("weight"), Some(3));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let (fm, d) = parse_str("---\ntitle: A\nweight: nặng\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("weight"), "{}", e.message);
    }

    #[test]
    fn tags_and_audience_are_a_text_or_a_list_and_anything_else_is_an_error_at_it() {
        let (fm, d) =
            parse_str("---\ntitle: A\naudience: học sinh\ntags: [sim, \"ứng dụng\"]\n---\n");
        assert!(d.is_empty(), "{d:?}");
        let fm = fm.unwrap();
        assert_eq!(fm.audience, vec!["học sinh"]);
        assert_eq!(fm.tags, vec!["sim", "ứng dụng"]);
        let (fm, d) = parse_str("---\ntitle: A\ntags: []\n---\n");
        assert!(d.is_empty() && fm.unwrap().tags.is_empty());
        for (yaml, line) in [
            ("---\ntitle: A\ntags:\n  x: 1\n---\n", 4),
            ("---\ntitle: A\naudience: true\n---\n", 3),
            ("---\ntitle: A\ntags: [a, [b]]\n---\n", 3),
        ] {
            let (fm, d) = parse_str(yaml);
            assert!(fm.is_none(), "{yaml}");
            let e = d.iter().next().unwrap();
            assert!(e.is_error(), "{yaml}");
            assert_eq!(e.line, Some(line), "{yaml}: {}", e.message);
            assert!(
                e.message.contains("expected a text"),
                "{yaml}: {}",
                e.message
            );
            assert!(
                e.message.contains("tags") || e.message.contains("audience"),
                "{yaml}: {}",
                e.message
            );
        }
    }

    #[test]
    fn bad_dates_are_errors() {
        let (fm, d) = parse_str("---\ntitle: A\nreviewed: 2024-02-30\n---\n");
        assert!(fm.is_none());
        assert_eq!(d.iter().next().unwrap().line, Some(3));
    }

    #[test]
    fn missing_fences() {
        let (_, d) = parse_str("title: A\n");
        assert!(
            d.iter()
                .next()
                .unwrap()
                .message
                .contains("missing front matter")
        );
        let (_, d) = parse_str("---\ntitle: A\n");
        assert!(d.iter().next().unwrap().message.contains("not closed"));
    }

    #[test]
    fn unknown_key_is_a_warning_with_suggestion() {
        let (fm, d) = parse_str("---\ntitle: A\nwieght: 2\n---\n");
        assert!(fm.is_some());
        let w = d.iter().next().unwrap();
        assert!(!w.is_error());
        assert_eq!(w.line, Some(3));
        assert!(w.hint.as_deref().unwrap().contains("weight"));
    }

    #[test]
    fn a_key_written_twice_is_an_error_at_the_second() {
        let (fm, d) = parse_str("---\ntitle: A\nweight: 1\ntitle: B\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap();
        assert!(e.message.contains("`title` is written twice"), "{e}");
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn curly_quotes_warn() {
        let (fm, d) = parse_str("---\ntitle: “Kích hoạt”\n---\n");
        assert_eq!(fm.unwrap().title, "“Kích hoạt”");
        let w = d.iter().next().unwrap();
        assert!(!w.is_error());
        assert_eq!(w.line, Some(2));
        assert!(w.message.contains("curly quotes"), "{w}");
    }

    #[test]
    fn many_keys_and_sources_take_linear_time() {
        let keys: String = (0..10_000).map(|i| format!("khoa_{i}: {i}\n")).collect();
        let ids: String = (0..10_000).map(|i| format!("  - vb-{i}\n")).collect();
        let text = format!("---\ntitle: A\n{keys}sources:\n{ids}title: B\n---\n");
        let start = std::time::Instant::now();
        let (fm, d) = parse_str(&text);
        assert!(fm.is_none(), "`title` is written twice");
        let e = d.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(e.line, Some(20_004), "{e}");
        let text = format!("---\ntitle: A\n{keys}sources:\n{ids}---\n");
        let (fm, d) = parse_str(&text);
        let fm = fm.unwrap();
        assert_eq!(d.iter().count(), 10_000);
        assert_eq!(d.iter().last().unwrap().line, Some(10_002));
        assert_eq!(fm.sources[9_999], ("vb-9999".to_string(), 20_003));
        assert!(start.elapsed() < std::time::Duration::from_secs(3));
    }

    #[test]
    fn control_characters_are_removed_from_values() {
        let (fm, d) = parse_str("---\ntitle: \"A\\0B\\e[2J\"\ntags: [\"x\\x07\"]\n---\n");
        let fm = fm.unwrap();
        assert_eq!(fm.title, "AB[2J");
        assert_eq!(fm.tags, vec!["x"]);
        let w: Vec<_> = d.iter().map(|w| (w.line, w.code())).collect();
        assert_eq!(
            w,
            vec![
                (Some(2), Some("control-characters")),
                (Some(3), Some("control-characters"))
            ]
        );
    }

    #[test]
    fn dates_may_carry_a_time() {
        let (fm, d) = parse_str("---\ntitle: A\ndate: 2024-01-02T10:00:00+07:00\n---\n");
        assert!(d.is_empty());
        assert_eq!(fm.unwrap().date.unwrap().to_string(), "2024-01-02");
    }

    #[test]
    fn slides_divide_at_headings_or_rules_or_not_at_all() {
        for (value, slides) in [
            ("\"##\"", Slides::AtH2),
            ("\"###\"", Slides::AtH3),
            ("\"---\"", Slides::AtRules),
            ("---", Slides::AtRules),
            ("false", Slides::Off),
            ("true", Slides::AtH2),
        ] {
            let (fm, d) = parse_str(&format!("---\ntitle: A\nslides: {value}\n---\n"));
            assert!(d.is_empty(), "{value}: {d:?}");
            assert_eq!(fm.unwrap().slides, slides, "{value}");
        }
        let (fm, _) = parse_str("---\ntitle: A\n---\n");
        assert_eq!(fm.unwrap().slides, Slides::AtH2);
        // Unquoted, `##` is a YAML comment: the key has no value.
        let (fm, d) = parse_str("---\ntitle: A\nslides: ###\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                Some(3),
                "`slides:` has no value: use \"##\", \"###\", \"---\" or false"
            )
        );
        assert!(e.hint.as_deref().unwrap().contains("quote it"), "{e}");
        let (fm, d) = parse_str("---\ntitle: A\nweight: 1\nslides: h4\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, Some(4));
        assert!(e.message.starts_with("`slides: h4` is not a way"), "{e}");
    }

    #[test]
    fn poster_sizes_and_orientations() {
        let (fm, d) = parse_str(
            "---\ntitle: A\nlayout: poster\nposter: {size: a3, orientation: Landscape}\n---\n",
        );
        assert!(d.is_empty());
        let p = fm.unwrap().poster.unwrap();
        assert_eq!(
            (p.size, p.orientation),
            (PaperSize::A3, Orientation::Landscape)
        );
        assert_eq!(p.millimetres(), (420, 297));
        let (fm, _) = parse_str("---\ntitle: A\nposter: {}\n---\n");
        assert_eq!(fm.unwrap().poster, Some(Poster::default()));
        let (fm, d) = parse_str("---\ntitle: A\nposter:\n  size: A1\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap().to_string();
        assert!(
            e.starts_with("content/a.md:4:3: error: `poster: {size: A1}` is not a size"),
            "{e}"
        );
        let (fm, d) = parse_str("---\ntitle: A\nposter:\n  sise: A3\n---\n");
        assert!(fm.is_none());
        let e = d.iter().next().unwrap().to_string();
        assert!(
            e.contains("unknown field `sise`") && e.starts_with("content/a.md:4:"),
            "{e}"
        );
    }

    #[test]
    fn crlf_files() {
        let text = "---\r\ntitle: A\r\n---\r\nbody\r\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 4);
    }
}
