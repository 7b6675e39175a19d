//! Check: the cross-page checks, run before anything is written. Two
//! declared files must not share an output path ([`collisions`]), and every
//! `#fragment` a link asks for must be a heading id of its target
//! ([`anchors`]), which is only known once every document is rendered.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::AnchorCheck;
use crate::output::OUTPUT_MARKER;
use crate::products::{Declarations, Declared, Owner};
use crate::render::{RenderedDoc, RenderedSite};
use crate::resolve::Target;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How a declared file is named in a message: its source file in backticks,
/// or what it is ("the slide deck of `content/a.md`", "the service worker").
fn shown(d: &Declared, products: &[&'static str]) -> String {
    match (&d.owner, &d.source) {
        (Owner::Document(_), Some(src)) if d.product == 0 => format!("`{}`", src.display()),
        (Owner::Document(_), Some(src)) => {
            format!("the {} of `{}`", products[d.product], src.display())
        }
        (Owner::Site, Some(src)) => format!("`{}`", src.display()),
        _ => d.what.clone(),
    }
}

/// Two files declared at one output path. A generated file (no source) is
/// reserved: a lesson or copied file that lands on it is reported against
/// that file; otherwise the second of two claims is reported.
pub fn collisions(decl: &Declarations, products: &[&'static str]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // foldhash, not the default SipHash: every file of the site goes in.
    let mut reserved: foldhash::HashMap<&str, &str> = foldhash::HashMap::default();
    reserved.insert(OUTPUT_MARKER, "the mark of its output folder");
    for d in decl.files.iter().filter(|d| d.source.is_none()) {
        if let Some(first) = reserved.insert(&d.path, &d.what) {
            diags.push(
                Diagnostic::error(format!(
                    "{first} and {} would both be written to `{}`",
                    d.what, d.path
                ))
                .with_hint("two products write the same file: rename one in the theme or the site"),
            );
        }
    }
    let mut owners: foldhash::HashMap<&str, &Declared> = foldhash::HashMap::default();
    owners.reserve(decl.files.len());
    for d in decl.files.iter().filter(|d| d.source.is_some()) {
        let source = d.source.as_deref().unwrap_or(std::path::Path::new(""));
        if let Some(what) = reserved.get(d.path.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "{} would be written to `{}`, where baihoc writes {what}",
                    shown(d, products),
                    d.path
                ))
                .in_file(source)
                .with_hint("rename the file, or give it another `slug:` in its front matter"),
            );
            continue;
        }
        if let Some(first) = owners.get(d.path.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "{} and {} would both be written to `{}`",
                    shown(first, products),
                    shown(d, products),
                    d.path
                ))
                .in_file(source)
                .with_hint(
                    "rename one of the files, or give one a different `slug:` in its front matter",
                ),
            );
        } else {
            owners.insert(&d.path, d);
        }
    }
    diags
}

/// Every `#fragment` link whose target has no such id. Documents are
/// checked in parallel, each link against its target's ids; a target with
/// many ids gets a set of them, made once (this runs between render and
/// write, when nothing else does).
pub fn anchors(rendered: &RenderedSite, resolved: &crate::resolve::Resolved) -> Diagnostics {
    use rayon::prelude::*;
    // foldhash, not the default SipHash: every document of the site goes in.
    type Fast = foldhash::fast::RandomState;
    let docs: Vec<&RenderedDoc> = rendered.iter().map(|(_, d)| d).collect();
    let by_out: HashMap<&str, usize, Fast> = rendered
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (resolved.out_of(t), i))
        .collect();
    let sets: Vec<OnceLock<HashSet<&str, Fast>>> = docs.iter().map(|_| OnceLock::new()).collect();
    let has = |i: usize, id: &str| {
        let ids = &docs[i].ids;
        if ids.len() <= SCAN_IDS {
            ids.iter().any(|x| x == id)
        } else {
            sets[i]
                .get_or_init(|| ids.iter().map(String::as_str).collect())
                .contains(id)
        }
    };
    let found: Vec<Diagnostic> = docs
        .par_iter()
        .flat_map_iter(|doc| {
            doc.anchors.iter().filter_map(|a| {
                let &target = by_out.get(a.target.as_str())?;
                (!has(target, &a.fragment))
                    .then(|| missing_anchor(a, docs[target].ids.iter().map(String::as_str)))
            })
        })
        .collect();
    found.into_iter().collect()
}

/// Ids a document may have for [`anchors`] to look through them one by one.
const SCAN_IDS: usize = 32;

/// What [`anchors`] finds after only `changed` was rendered again in a site
/// whose anchors were all found: its own `#fragment` links, and, when its
/// ids changed (`ids_changed`), every link into it. Gives the same errors
/// as [`anchors`] at the cost of one document, not of the whole site.
pub fn anchors_touching(
    rendered: &RenderedSite,
    resolved: &crate::resolve::Resolved,
    changed: Target,
    ids_changed: bool,
) -> Diagnostics {
    let ids_of = |target: &str| -> Option<HashSet<&str>> {
        rendered
            .iter()
            .find(|(t, _)| resolved.out_of(*t) == target)
            .map(|(_, d)| d.ids.iter().map(String::as_str).collect())
    };
    let mut diags = Diagnostics::new();
    let mut check = |a: &AnchorCheck, known: &HashSet<&str>| {
        if !known.contains(a.fragment.as_str()) {
            diags.push(missing_anchor(a, known.iter().copied()));
        }
    };
    if let Some(doc) = rendered.get(changed) {
        for a in &doc.anchors {
            if let Some(known) = ids_of(&a.target) {
                check(a, &known);
            }
        }
    }
    if ids_changed {
        let out = resolved.out_of(changed);
        let known: HashSet<&str> = rendered
            .get(changed)
            .map(|d| d.ids.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for (t, doc) in rendered.iter() {
            if t == changed {
                continue;
            }
            for a in doc.anchors.iter().filter(|a| a.target == out) {
                check(a, &known);
            }
        }
    }
    diags
}

/// The error for a `#fragment` that `known` (its target's ids) lacks.
fn missing_anchor<'a>(a: &AnchorCheck, known: impl IntoIterator<Item = &'a str>) -> Diagnostic {
    let mut available: Vec<&str> = known.into_iter().collect();
    available.sort_unstable();
    available.dedup();
    let hint = match available
        .iter()
        .map(|id| (strsim::jaro_winkler(id, &a.fragment), *id))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|x, y| x.0.total_cmp(&y.0))
    {
        Some((_, best)) => format!("did you mean `#{best}`?"),
        None if available.is_empty() => "that page has no headings".to_string(),
        None => format!(
            "headings there: {}",
            available
                .iter()
                .take(12)
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(format!(
        "link to a missing heading: `{}` has no heading with id `{}`",
        a.target, a.fragment
    ))
    .in_file(&a.file)
    .at(a.line, a.column)
    .with_hint(hint)
}
