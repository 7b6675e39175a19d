//! The registry of cited documents (`data/sources.yaml`): laws, decrees,
//! circulars and articles that pages cite by id in their `sources:` front
//! matter, each with its status (in force, replaced by another, expired).

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where the registry lives, relative to the site root.
pub const REGISTRY_FILE: &str = "data/sources.yaml";

/// Whether a document still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Currently in force.
    InForce,
    /// Replaced by another document (see `replaced_by`).
    Replaced,
    /// No longer applies (a campaign whose dates passed, a repealed text).
    Expired,
}

/// One cited document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Short id pages cite (`nd-59-2022`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Official number (`59/2022/NĐ-CP`), when it has one.
    pub number: Option<String>,
    /// Date of issue or publication.
    pub date: Option<Date>,
    /// Who issued or published it.
    pub issuer: Option<String>,
    /// law, decree, decision, directive, circular, article.
    pub kind: Option<String>,
    /// In force, replaced or expired.
    pub status: Status,
    /// The id of the document that replaced it.
    pub replaced_by: Option<String>,
    /// When it took effect.
    pub in_force_from: Option<Date>,
    /// A plain sentence for readers.
    pub note: Option<String>,
    /// Official link, when known.
    pub url: Option<String>,
    /// Line in the registry file, for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    name: String,
    number: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    kind: Option<String>,
    status: Status,
    replaced_by: Option<String>,
    in_force_from: Option<String>,
    note: Option<String>,
    url: Option<String>,
}

/// All cited documents of a site, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    sources: BTreeMap<String, Source>,
    /// The site has a registry file: its pages are expected to cite sources.
    present: bool,
}

impl Registry {
    /// Parses the registry text.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Registry> {
        let raw: Vec<RawSource> = match yaml::from_str::<Option<Vec<RawSource>>>(text) {
            Ok(r) => r.unwrap_or_default(),
            Err(e) => {
                use yaml::YamlErrorKind as K;
                let (l, c, hint) = e.explain(text);
                let hint = if matches!(e.kind, K::UnknownField | K::MissingField | K::UnknownValue)
                {
                    "each document is `- id: ...` with `name:` and `status:` (in-force, replaced or expired), and optionally number, date, issuer, kind, replaced_by, in_force_from, note, url".to_string()
                } else {
                    hint
                };
                diags.push(
                    Diagnostic::error(format!("invalid sources registry: {}", e.message))
                        .in_file(REGISTRY_FILE)
                        .at(l, c)
                        .with_hint(hint),
                );
                return None;
            }
        };
        let mut ok = true;
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        let mut id_lines = IdLines::of(text);
        for mut r in raw {
            let line = id_lines.next_of(&r.id).unwrap_or(1);
            let mut had_controls = false;
            for value in [
                Some(&mut r.id),
                Some(&mut r.name),
                r.number.as_mut(),
                r.issuer.as_mut(),
                r.kind.as_mut(),
                r.replaced_by.as_mut(),
                r.note.as_mut(),
                r.url.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                if let Some(cleaned) = crate::text::without_controls(value) {
                    *value = cleaned;
                    had_controls = true;
                }
            }
            if had_controls {
                diags.push(
                    Diagnostic::warning(format!(
                        "the document `{}` holds control characters (such as NUL or escape), which are removed",
                        r.id
                    ))
                    .in_file(REGISTRY_FILE)
                    .at_line(line)
                    .with_code("control-characters")
                    .with_hint("remove the `\\0`, `\\e` or `\\x..` escapes from the quoted text"),
                );
            }
            let mut date_of = |key: &str, v: Option<String>| {
                let v = v?;
                let d = Date::parse(&v);
                if d.is_none() {
                    ok = false;
                    diags.push(
                        Diagnostic::error(format!("`{key}` of `{}` is not a date: `{v}`", r.id))
                            .in_file(REGISTRY_FILE)
                            .at_line(line)
                            .with_hint("write it as YYYY-MM-DD"),
                    );
                }
                d
            };
            let source = Source {
                date: date_of("date", r.date),
                in_force_from: date_of("in_force_from", r.in_force_from),
                id: r.id.trim().to_string(),
                name: r.name,
                number: r.number,
                issuer: r.issuer,
                kind: r.kind,
                status: r.status,
                replaced_by: r.replaced_by,
                note: r.note,
                url: r.url,
                line,
            };
            if let Some(url) = &source.url
                && !is_web_address(url)
            {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "the `url:` of `{}` is not a web address: `{}`",
                        source.id,
                        crate::text::escape_controls(url)
                    ))
                    .in_file(REGISTRY_FILE)
                    .at_line(
                        url_line(text, line).unwrap_or(line),
                    )
                    .with_hint("write the official page's address, starting with https:// (or http://); pages show it as a link"),
                );
            }
            if source.status == Status::Replaced && source.replaced_by.is_none() {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` is replaced but does not say by what",
                        source.id
                    ))
                    .in_file(REGISTRY_FILE)
                    .at_line(line)
                    .with_hint("add `replaced_by: <id of the new document>`"),
                );
            }
            if let Some(first) = sources.get(&source.id) {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "the id `{}` is used twice (first on line {})",
                        source.id, first.line
                    ))
                    .in_file(REGISTRY_FILE)
                    .at_line(source.line)
                    .with_hint("give each document its own id"),
                );
            } else {
                sources.insert(source.id.clone(), source);
            }
        }
        for s in sources.values() {
            if let Some(by) = &s.replaced_by
                && !sources.contains_key(by)
            {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` is replaced by `{by}`, which is not in the registry",
                        s.id
                    ))
                    .in_file(REGISTRY_FILE)
                    .at_line(s.line)
                    .with_hint(format!("add the document `{by}` to {REGISTRY_FILE}")),
                );
            }
        }
        ok.then_some(Registry {
            sources,
            present: true,
        })
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// All documents, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// True when the site has a registry file (even an empty one).
    pub fn is_present(&self) -> bool {
        self.present
    }
}

/// The lines of `id: X` in the registry text, by id, found in one pass;
/// each call of [`IdLines::next_of`] gives the next line of that id.
struct IdLines(HashMap<String, std::collections::VecDeque<usize>>);

impl IdLines {
    fn of(text: &str) -> IdLines {
        let mut map: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
        for (i, l) in text.lines().enumerate() {
            let t = l.trim_start().trim_start_matches('-').trim_start();
            if let Some(v) = t.strip_prefix("id:") {
                let id = v.trim().trim_matches(|c| c == '"' || c == '\'');
                map.entry(id.to_string()).or_default().push_back(i + 1);
            }
        }
        IdLines(map)
    }

    fn next_of(&mut self, id: &str) -> Option<usize> {
        self.0.get_mut(id)?.pop_front()
    }
}

/// An http(s) address with a host: nothing else may be a link on every
/// page citing the document (a `javascript:` address would run on click).
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        r.split(['/', '?', '#'])
            .next()
            .is_some_and(|host| !host.is_empty())
    }) && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The line of the `url:` key of the entry starting at `line`.
fn url_line(text: &str, line: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .skip(1)
        .take_while(|(_, l)| !l.trim_start().starts_with("- "))
        .find(|(_, l)| l.trim_start().starts_with("url:"))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "- id: nd-59\n  name: Nghị định 59\n  status: replaced\n  replaced_by: nd-69\n- id: nd-69\n  name: Nghị định 69\n  status: in-force\n  date: 2024-06-25\n";

    #[test]
    fn parses_with_lines() {
        let mut d = Diagnostics::new();
        let r = Registry::parse(TEXT, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(r.get("nd-59").unwrap().status, Status::Replaced);
        assert_eq!(r.get("nd-69").unwrap().line, 5);
        assert_eq!(
            r.get("nd-69").unwrap().date.unwrap().to_string(),
            "2024-06-25"
        );
    }

    #[test]
    fn replaced_by_must_exist() {
        let mut d = Diagnostics::new();
        let text = "- id: a\n  name: A\n  status: replaced\n  replaced_by: b\n";
        assert!(Registry::parse(text, &mut d).is_none());
        assert!(
            d.iter()
                .next()
                .unwrap()
                .message
                .contains("not in the registry")
        );
    }

    #[test]
    fn a_repeated_id_is_reported_where_it_is_repeated() {
        let mut d = Diagnostics::new();
        let text = "- id: a\n  name: A\n  status: in-force\n- id: b\n  name: B\n  status: in-force\n- id: a\n  name: A2\n  status: in-force\n";
        assert!(Registry::parse(text, &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, Some(7), "{e}");
        assert!(
            e.message.contains("`a` is used twice (first on line 1)"),
            "{e}"
        );
    }

    #[test]
    fn a_large_registry_takes_linear_time() {
        let text: String = (0..5_000)
            .map(|i| format!("- id: doc-{i}\n  name: Văn bản {i}\n  status: in-force\n"))
            .collect();
        let start = std::time::Instant::now();
        let mut d = Diagnostics::new();
        let r = Registry::parse(&text, &mut d).unwrap();
        assert_eq!(r.get("doc-4999").unwrap().line, 14_998);
        assert!(start.elapsed() < std::time::Duration::from_secs(3));
    }

    #[test]
    fn bad_status_is_an_error_with_position() {
        let mut d = Diagnostics::new();
        assert!(Registry::parse("- id: a\n  name: A\n  status: old\n", &mut d).is_none());
        assert_eq!(d.iter().next().unwrap().line, Some(3));
    }

    #[test]
    fn a_url_must_be_a_web_address() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "//x.vn",
            "https://",
            "vneid.gov.vn",
            "https://a b.vn",
        ] {
            let text = format!("- id: a\n  name: A\n  status: in-force\n  url: \"{bad}\"\n");
            let mut d = Diagnostics::new();
            assert!(Registry::parse(&text, &mut d).is_none(), "{bad}");
            let e = d.iter().next().unwrap().to_string();
            assert!(
                e.starts_with("data/sources.yaml:4: error: the `url:` of `a` is not a web address"),
                "{e}"
            );
        }
        let mut d = Diagnostics::new();
        let ok = "- id: a\n  name: A\n  status: in-force\n  url: https://vneid.gov.vn/\n";
        assert!(Registry::parse(ok, &mut d).is_some());
    }
}
