//! Checks what pages cite and how fresh their facts are: a cited id must be
//! in the registry (error); with a registry, every page should cite its
//! sources and say when its facts were last reviewed; a page citing a
//! replaced document should acknowledge the replacement (cite the new
//! document, or name its number in the text); a review older than
//! `review.max_age_months` (default 12) is stale. All but the first are
//! warnings, which `check --strict` turns into errors.

use crate::content::{Document, Site};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::{Resolved, Target};
use crate::sources::Status;

/// Checks every published document against the registry as of `today`.
pub fn check(site: &Site, resolved: &Resolved, today: Date) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // The age is at most 1200 months (checked in config), so this cannot overflow.
    let oldest_fresh = today.add_months(-(site.config.review_max_age_months as i32));
    for (t, _) in resolved.documents() {
        let (doc, is_real) = match t {
            Target::Page(p) => (&site.pages[p].doc, true),
            Target::Section(s) => (&site.sections[s].doc, site.sections[s].has_index),
        };
        if is_real {
            check_document(site, doc, today, oldest_fresh, &mut diags);
        }
    }
    diags
}

fn check_document(
    site: &Site,
    doc: &Document,
    today: Date,
    oldest_fresh: Date,
    diags: &mut Diagnostics,
) {
    let registry = &site.registry;
    let front = &doc.front;
    let at = |key: &str| front.line_of(key).unwrap_or(1);
    let cited: std::collections::HashSet<&str> =
        front.sources.iter().map(|(id, _)| id.as_str()).collect();
    for (id, line) in &front.sources {
        let Some(source) = registry.get(id) else {
            let hint = if registry.is_present() {
                format!(
                    "add `{id}` to {} or fix the id",
                    crate::sources::REGISTRY_FILE
                )
            } else {
                format!(
                    "create {} listing the documents pages cite",
                    crate::sources::REGISTRY_FILE
                )
            };
            diags.push(
                Diagnostic::error(format!(
                    "cites `{id}`, which is not in the sources registry"
                ))
                .in_file(&doc.source)
                .at_line(*line)
                .with_hint(hint),
            );
            continue;
        };
        if source.status != Status::Replaced {
            continue;
        }
        let Some(new) = source
            .replaced_by
            .as_deref()
            .and_then(|id| registry.get(id))
        else {
            continue;
        };
        let cites_new = cited.contains(new.id.as_str());
        let names_new = new.number.as_deref().is_some_and(|n| doc.body.contains(n));
        if !(cites_new || names_new) {
            let name = new.number.as_deref().unwrap_or(&new.name);
            diags.push(
                Diagnostic::warning(format!(
                    "cites `{id}`, which was replaced by `{}` ({name}), but does not say so",
                    new.id
                ))
                .in_file(&doc.source)
                .at_line(*line)
                .with_hint(format!(
                    "add `{}` to `sources:` and explain in the text what changed with {name}",
                    new.id
                )),
            );
        }
    }
    if !registry.is_present() {
        // A site without a registry does not track sources; only a stale review is reported.
        if let Some(reviewed) = front.reviewed {
            stale(doc, reviewed, today, oldest_fresh, site, diags);
        }
        return;
    }
    if front.sources.is_empty() {
        diags.push(
            Diagnostic::warning("the page cites no sources")
                .in_file(&doc.source)
                .at_line(front.line_of("sources").unwrap_or(1))
                .with_hint("list the documents its facts come from, e.g. `sources: [nd-69-2024]` (ids from data/sources.yaml)"),
        );
    }
    match front.reviewed {
        Some(reviewed) => stale(doc, reviewed, today, oldest_fresh, site, diags),
        None => diags.push(
            Diagnostic::warning("the page does not say when its facts were last reviewed")
                .in_file(&doc.source)
                .at_line(at("title"))
                .with_hint(format!(
                    "check its facts against the sources, then add `reviewed: {today}`"
                )),
        ),
    }
}

fn stale(
    doc: &Document,
    reviewed: Date,
    today: Date,
    oldest_fresh: Date,
    site: &Site,
    diags: &mut Diagnostics,
) {
    if reviewed < oldest_fresh {
        diags.push(
            Diagnostic::warning(format!(
                "facts last reviewed on {reviewed}, more than {} months ago",
                site.config.review_max_age_months
            ))
            .in_file(&doc.source)
            .at_line(doc.front.line_of("reviewed").unwrap_or(1))
            .with_hint(format!(
                "check the page against its sources (laws change), then set `reviewed: {today}`"
            )),
        );
    } else if reviewed.to_days() > today.to_days() + 1 {
        // One day of slack: "today" is UTC, an author in Việt Nam is seven hours ahead.
        diags.push(
            Diagnostic::warning(format!("`reviewed: {reviewed}` is in the future"))
                .in_file(&doc.source)
                .at_line(doc.front.line_of("reviewed").unwrap_or(1))
                .with_hint("write the date the facts were actually checked"),
        );
    }
}
