//! Share cards and link previews: what Zalo, Facebook and Messenger show
//! when a lesson's address is pasted. With `base_url` set, every document
//! gets a 1200 × 630 PNG card (`share/<page>.png`: its title, its number,
//! the course and the organisation) and every page the `share` value its
//! template turns into Open Graph and Twitter tags, all with absolute
//! addresses. Without `base_url` there is no address to share (a copy on a
//! USB stick): no card is drawn, no tag written, and the build says so in
//! one note.
//!
//! A card is the theme's SVG template `share-card.svg` filled with a
//! [`CardView`] ([`layout`] fits the texts with the embedded font,
//! [`fonts`]), drawn by resvg ([`draw`]). Drawn cards are kept in the site's
//! cache folder ([`cache`]) under a hash of everything they show, of the
//! template and of the font; a rebuild links the kept file into the output
//! and draws only new cards. The cards are not for offline reading: the
//! service worker leaves them out.

mod cache;
mod draw;
pub mod fonts;
pub mod layout;

pub use cache::CACHE_DIR;
pub use draw::{TextBox, text_boxes};
pub use layout::{CardView, HEIGHT, SAFE_MARGIN, WIDTH};

use super::{Cx, Plan, Product, Sink};
use crate::config::CONFIG_FILE;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::{Resolved, Target, encode_path};
use crate::theme::Theme;
use cache::Cache;
use layout::CardText;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use unicode_normalization::UnicodeNormalization;

/// The card's SVG template, in the theme's `templates/`.
pub const TEMPLATE: &str = "share-card.svg";

/// The code that lays out and draws a card: part of every card's key, so
/// that a baihoc that draws differently never reuses an older card.
const DRAWING_CODE: [&str; 3] = [
    include_str!("share_card/layout.rs"),
    include_str!("share_card/draw.rs"),
    include_str!("share_card/fonts.rs"),
];

/// The output path of the card of the page written at `page_out`:
/// `tim-hieu/vneid-la-gi.html` → `share/tim-hieu/vneid-la-gi.png`.
pub fn card_path(page_out: &str) -> String {
    let stem = page_out.strip_suffix(".html").unwrap_or(page_out);
    format!("share/{stem}.png")
}

/// The share card product.
#[derive(Default)]
pub struct ShareCard {
    /// The cache folder, opened by the first card of a build.
    cache: OnceLock<Result<Cache, String>>,
    /// Cards drawn since the last report.
    drawn: AtomicUsize,
    /// Cards taken from the cache since the last report.
    reused: AtomicUsize,
    /// Keys of the cards written since the last report.
    used: Mutex<HashSet<u128>>,
    /// The part of every key that is the same for the whole site (code,
    /// font, template, strings), with the address of the theme it was
    /// computed for.
    site_key: Mutex<Option<(usize, u64)>>,
}

/// The link preview of a page, as templates see it (`share`).
#[derive(Serialize)]
struct ShareView {
    /// The page's absolute address.
    url: String,
    /// The card's absolute address, with its revision.
    image: String,
    /// What the card shows, in words.
    image_alt: String,
    image_width: u32,
    image_height: u32,
    /// `article` for a lesson, `website` otherwise (`og:type`).
    kind: &'static str,
    /// `vi_VN` (`og:locale`), when the language is known.
    locale: Option<String>,
}

impl Product for ShareCard {
    fn name(&self) -> &'static str {
        "share card"
    }

    fn what(&self) -> &'static str {
        "share card"
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        match plan.site.config.base_url {
            Some(_) => vec![card_path(plan.resolved.out_of(t))],
            None => Vec::new(),
        }
    }

    fn offline(&self) -> bool {
        false
    }

    fn page_values(
        &self,
        cx: &Cx<'_>,
        page: Option<Target>,
        out: &str,
    ) -> Vec<(&'static str, tera::Value)> {
        let Some(base) = cx.site.config.base_url.as_deref() else {
            return Vec::new();
        };
        // A site page (the documents page) shows the home page's card.
        let shown = page.unwrap_or(Target::Section(0));
        let published = match shown {
            Target::Page(p) => cx.resolved.page_out.get(p).is_some_and(Option::is_some),
            Target::Section(s) => cx.resolved.is_visible(s),
        };
        if !published {
            return Vec::new();
        }
        let text = card_text(cx.site, cx.resolved, cx.theme, shown);
        let key = self.key(&text, cx.theme);
        let image = format!(
            "{base}/{}?v={:012x}",
            encode_path(&card_path(cx.resolved.out_of(shown))),
            key as u64 & 0xffff_ffff_ffff
        );
        let view = ShareView {
            url: format!("{base}/{}", encode_path(out)),
            image,
            image_alt: alt_text(&text),
            image_width: WIDTH,
            image_height: HEIGHT,
            kind: match page {
                Some(Target::Page(_)) => "article",
                _ => "website",
            },
            locale: locale(&cx.site.config.language),
        };
        vec![("share", tera::Value::from_serializable(&view))]
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if cx.site.config.base_url.is_none() {
            return diags;
        }
        let path = card_path(cx.resolved.out_of(t));
        let doc = crate::render::document(cx.site, t);
        let text = card_text(cx.site, cx.resolved, cx.theme, t);
        let missing = fonts::missing_glyphs(&text.title);
        if !missing.is_empty() {
            let mut d = missing_warning("the title", &missing).in_file(&doc.source);
            if let Some(line) = doc.front.line_of("title") {
                d = d.at_line(line);
            }
            diags.push(d);
        }
        let key = self.key(&text, cx.theme);
        if let Err(e) = self.write_card(cx, &text, key, &path, &doc.source, out) {
            diags.push(e);
        }
        diags
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let config = &cx.site.config;
        if config.base_url.is_none() {
            diags.push(
                Diagnostic::note(
                    "no `base_url`: pages carry no link preview (Open Graph tags) and no share cards are drawn, since a copy without an address has nothing to share",
                )
                .in_file(CONFIG_FILE)
                .with_hint(
                    "to post lessons on Zalo or Facebook, set `base_url: \"https://truong.edu.vn/vneid\"` in site.yaml or build with --base-url",
                ),
            );
            return diags;
        }
        for (what, text) in [
            ("the course title", Some(config.title.as_str())),
            ("the organisation", config.organisation.as_deref()),
        ] {
            let missing = text.map(fonts::missing_glyphs).unwrap_or_default();
            if !missing.is_empty() {
                diags.push(missing_warning(what, &missing).in_file(CONFIG_FILE));
            }
        }
        let drawn = self.drawn.swap(0, Ordering::Relaxed);
        let reused = self.reused.swap(0, Ordering::Relaxed);
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        if !out.keeps_files() {
            return diags;
        }
        let cards = cx.resolved.documents().count();
        match self.cache.get() {
            Some(Ok(cache)) => {
                // Only a full build knows every card still in use.
                if drawn + reused == cards {
                    cache.keep_only(&used);
                }
                diags.push(Diagnostic::note(format!(
                    "share cards: {drawn} drawn, {reused} reused from {}",
                    cache.dir().strip_prefix(&cx.site.root).unwrap_or(cache.dir()).display()
                )));
            }
            Some(Err(why)) => diags.push(
                Diagnostic::note(format!(
                    "share cards: {drawn} drawn and not kept for the next build ({why})"
                ))
                .with_hint(format!(
                    "let baihoc write {CACHE_DIR}/ in the site folder, and the next build draws only the cards that changed"
                )),
            ),
            None => {}
        }
        diags
    }
}

impl ShareCard {
    /// Puts the card of `key` at `path`: from the cache when it is there,
    /// else drawn (and kept in the cache).
    fn write_card(
        &self,
        cx: &Cx<'_>,
        text: &CardText<'_>,
        key: u128,
        path: &str,
        source: &std::path::Path,
        out: &Sink<'_>,
    ) -> Result<(), Diagnostic> {
        let revision = key as u64;
        if !out.keeps_files() {
            // `check`: the template must render; nothing is drawn.
            return self.svg(cx, &CardView::new(text), source).map(|_| ());
        }
        let cache = self
            .cache
            .get_or_init(|| Cache::open(&cx.site.root))
            .as_ref();
        if let Ok(cache) = cache {
            // A card not (or no longer) in the cache fails to link: it is drawn.
            if out.link(path, &cache.path(key), revision).is_ok() {
                self.reused.fetch_add(1, Ordering::Relaxed);
                self.used_key(key);
                return Ok(());
            }
        }
        let svg = self.svg(cx, &CardView::new(text), source)?;
        let png = draw::png(&svg, WIDTH, HEIGHT).map_err(|why| {
            Diagnostic::error(format!("cannot draw the share card: {why}"))
                .in_file(template_file(cx.theme))
                .with_hint(format!(
                    "{TEMPLATE} must give a valid SVG picture (rendering {})",
                    source.display()
                ))
        })?;
        self.drawn.fetch_add(1, Ordering::Relaxed);
        self.used_key(key);
        match cache.map(|c| c.store(key, &png)) {
            Ok(Ok(kept)) => out.link(path, &kept, revision),
            _ => out.write(path, &png),
        }
    }

    /// The card's cache key: a hash of what it shows (the texts its view
    /// is laid out from), of the template and the interface strings it may
    /// use, of the font and of the code that lays it out and draws it.
    /// Computed without laying the card out: a card taken from the cache
    /// costs a hash and a hard link.
    fn key(&self, text: &CardText<'_>, theme: &Theme) -> u128 {
        let theme_id = std::ptr::from_ref(theme) as usize;
        let site = {
            let mut slot = self.site_key.lock().unwrap_or_else(|e| e.into_inner());
            match *slot {
                Some((id, key)) if id == theme_id => key,
                _ => {
                    let key = site_key(theme);
                    *slot = Some((theme_id, key));
                    key
                }
            }
        };
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&site.to_le_bytes());
        for field in [
            text.kind,
            text.label.as_deref().unwrap_or("\0"),
            &text.title,
            &text.course,
            text.organisation.as_deref().unwrap_or("\0"),
        ] {
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        h.digest128()
    }

    fn used_key(&self, key: u128) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
    }

    /// The card's SVG, from the theme's template.
    fn svg(
        &self,
        cx: &Cx<'_>,
        card: &CardView,
        source: &std::path::Path,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("card", card);
        let bytes = cx.renderer.render(TEMPLATE, ctx, Some(source))?;
        String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error("the share card template wrote bytes that are not UTF-8")
                .in_file(template_file(cx.theme))
        })
    }
}

/// Where the card template comes from, for messages.
fn template_file(theme: &Theme) -> std::path::PathBuf {
    theme
        .templates
        .iter()
        .find(|t| t.name == TEMPLATE)
        .map_or_else(|| TEMPLATE.into(), |t| t.shown.clone())
}

/// The words a card of document `t` shows.
fn card_text<'a>(site: &'a Site, resolved: &Resolved, theme: &Theme, t: Target) -> CardText<'a> {
    let doc = crate::render::document(site, t);
    let string = |key: &str, default: &str| {
        theme
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let (kind, label) = match t {
        Target::Page(p) => (
            "page",
            resolved
                .number(p)
                .map(|n| format!("{} {n}", string("lesson", "Bài"))),
        ),
        Target::Section(s) => {
            let lessons = if s == 0 {
                resolved.reading_order.len()
            } else {
                resolved.section_pages[s].len()
            };
            (
                if s == 0 { "home" } else { "section" },
                (lessons > 0).then(|| format!("{lessons} {}", string("lessons_count", "bài học"))),
            )
        }
    };
    CardText {
        kind,
        label,
        title: nfc(&doc.front.title),
        course: nfc(&site.config.title),
        organisation: site.config.organisation.as_deref().map(nfc),
    }
}

/// The part of a card's key that is the same for every card of the site.
fn site_key(theme: &Theme) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    for code in DRAWING_CODE {
        field(code.as_bytes());
    }
    field(&fonts::fingerprint().to_le_bytes());
    let template = theme.templates.iter().find(|t| t.name == TEMPLATE);
    field(template.map_or("", |t| t.text.as_str()).as_bytes());
    for (k, v) in &theme.strings {
        field(k.as_bytes());
        field(v.as_bytes());
    }
    h.digest()
}

/// The card in words, for `og:image:alt`.
fn alt_text(text: &CardText<'_>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(label) = &text.label {
        parts.push(label);
    }
    parts.push(&text.title);
    parts.push(&text.course);
    if let Some(org) = &text.organisation {
        parts.push(org);
    }
    parts.join(" · ")
}

/// `og:locale` for a BCP 47 language: `vi` → `vi_VN`, `en-GB` → `en_GB`.
fn locale(language: &str) -> Option<String> {
    let known: BTreeMap<&str, &str> = BTreeMap::from([("vi", "vi_VN"), ("en", "en_US")]);
    match language.split_once(['-', '_']) {
        Some((lang, region)) if !lang.is_empty() && !region.is_empty() => {
            Some(format!("{}_{}", lang.to_lowercase(), region.to_uppercase()))
        }
        _ => known.get(language).map(|l| l.to_string()),
    }
}

/// The warning for letters the card's font cannot draw.
fn missing_warning(what: &str, missing: &[char]) -> Diagnostic {
    let letters: Vec<String> = missing
        .iter()
        .map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c)))
        .collect();
    Diagnostic::warning(format!(
        "the share card cannot draw {} of {what}: its font ({}) has no such letter",
        letters.join(", "),
        fonts::FAMILY
    ))
    .with_hint("the card leaves it out; write it with Vietnamese or Latin letters, or accept a card without it")
}

/// Texts are drawn in NFC ("ệ" as one letter, which the font draws as
/// one glyph), whatever form the files were saved in.
fn nfc(text: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Renderer;
    use std::path::Path;

    /// The default theme's card of `title`, as SVG.
    fn svg_of(label: Option<&str>, title: &str, organisation: Option<&str>) -> String {
        let mut diags = Diagnostics::new();
        let config = crate::config::Config::parse("title: A\n", &mut diags).unwrap();
        let theme = Theme::load(Path::new("/nonexistent"), &config, &mut diags).unwrap();
        let renderer = Renderer::new(&theme, &BTreeMap::new(), &mut diags).unwrap();
        let card = CardView::new(&CardText {
            kind: "page",
            label: label.map(str::to_string),
            title: nfc(title),
            course: nfc("Sử dụng VNeID an toàn"),
            organisation: organisation.map(nfc),
        });
        let mut ctx = tera::Context::new();
        ctx.insert("card", &card);
        String::from_utf8(renderer.render(TEMPLATE, ctx, None).unwrap()).unwrap()
    }

    /// Every title of the bundled course (`title:` lines under content/).
    fn course_titles() -> Vec<String> {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        walkdir::WalkDir::new(content)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                let line = text.lines().find(|l| l.starts_with("title:"))?;
                Some(line["title:".len()..].trim().trim_matches('"').to_string())
            })
            .collect()
    }

    /// Checks the glyphs drawn for each text of a card against the layout.
    fn check_boxes(svg: &str) {
        let boxes = text_boxes(svg).unwrap();
        let m = SAFE_MARGIN as f32;
        let (w, h) = (WIDTH as f32, HEIGHT as f32);
        for b in &boxes {
            assert!(
                b.left >= m && b.right <= w - m && b.top >= m && b.bottom <= h - m,
                "{b:?} is outside the safe area:\n{svg}"
            );
            // Each text in its own band of the default layout.
            let (top, bottom) = match b.id.as_str() {
                "label" => (60.0, 150.0),
                "title" => (150.0, 442.0),
                "course" | "organisation" => (478.0, 570.0),
                other => panic!("unexpected text `{other}`"),
            };
            assert!(
                b.top >= top && b.bottom <= bottom,
                "{b:?} leaves its box:\n{svg}"
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.right <= b.left
                    || b.right <= a.left
                    || a.bottom <= b.top
                    || b.bottom <= a.top;
                assert!(apart, "{a:?} and {b:?} overlap");
            }
        }
        assert!(boxes.iter().any(|b| b.id == "title"));
    }

    #[test]
    fn every_title_of_the_course_is_drawn_inside_its_box() {
        let titles = course_titles();
        assert!(titles.len() >= 10, "{titles:?}");
        for title in titles {
            check_boxes(&svg_of(Some("Bài 10"), &title, None));
        }
    }

    #[test]
    fn hard_titles_are_drawn_inside_their_boxes() {
        let organisation = "Trường Trung học cơ sở Nguyễn Văn Trỗi, Phường Bến Thành, Thành phố Hồ Chí Minh — Tổ Tin học";
        for title in [
            "Lợi ích của tài khoản định danh điện tử theo pháp luật",
            "ẲNG ỔN ỄỄ gỵ ĐẲNG CẤP ỐNG ỸỸỸ ỴỸỶ ẲẴẶ ỖỘỔ gặp gỡ",
            &"Hướng dẫn đăng ký tài khoản định danh điện tử ".repeat(8),
            &"Đ".repeat(120),
            "VNeID",
            "Ngắn",
        ] {
            check_boxes(&svg_of(Some("Bài 10000"), title, Some(organisation)));
            check_boxes(&svg_of(None, title, None));
        }
    }

    #[test]
    #[should_panic(expected = "outside the safe area")]
    fn a_title_past_the_margin_is_caught() {
        let svg = svg_of(None, "Lợi ích của tài khoản", None).replace("x=\"60\"", "x=\"20\"");
        check_boxes(&svg);
    }

    #[test]
    fn text_in_nfd_is_drawn_like_nfc() {
        let nfc_title = "Kích hoạt tài khoản định danh điện tử";
        let nfd_title: String = nfc_title.nfd().collect();
        assert_ne!(nfc_title, nfd_title);
        assert_eq!(
            svg_of(None, &nfd_title, None),
            svg_of(None, nfc_title, None)
        );
    }

    #[test]
    fn og_locale_from_the_language() {
        assert_eq!(locale("vi").as_deref(), Some("vi_VN"));
        assert_eq!(locale("en-GB").as_deref(), Some("en_GB"));
        assert_eq!(locale("fr"), None);
        assert_eq!(card_path("a/b.html"), "share/a/b.png");
    }
}
