//! Drawing a card: its SVG is laid out by usvg with the embedded font only
//! (no system font, no file or address an `<image>` could name) and
//! rasterised by resvg into an opaque PNG.

use super::fonts::{self, BOLD, MEDIUM};
use resvg::tiny_skia;
use resvg::usvg;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The parsing options: the embedded font, nothing read from disk.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(BOLD)));
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(MEDIUM)));
        db.set_sans_serif_family(fonts::FAMILY);
        usvg::Options {
            font_family: fonts::FAMILY.to_string(),
            fontdb: Arc::new(db),
            resources_dir: None,
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                // `<image href="/etc/...">`: a card never reads a file.
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        }
    })
}

/// Parses a card's SVG (its text laid out with the embedded font).
pub(crate) fn parse(svg: &str) -> Result<usvg::Tree, String> {
    usvg::Tree::from_str(svg, options()).map_err(|e| e.to_string())
}

/// Draws a card's SVG into PNG bytes of `width` × `height` pixels. The SVG
/// is scaled to that size, over white; the PNG has no transparency.
pub(crate) fn png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let tree = parse(svg)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot make a picture of {width} × {height} pixels"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(&pixmap)
}

/// The pixels as a PNG without transparency (a card is opaque): with a
/// palette when they have at most 256 colours, as a card of flat colours and
/// smooth text has (about 40), which makes the file half the size of plain
/// RGB and quicker to compress; else 8-bit RGB.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    match palette_of(pixmap) {
        Some((palette, indices)) => write_png(
            pixmap,
            png::ColorType::Indexed,
            Some(palette),
            &indices,
            // Measured on cards: no filter compresses palette indices best.
            png::Filter::NoFilter,
        ),
        None => {
            let rgb: Vec<u8> = pixmap
                .pixels()
                .iter()
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue()]
                })
                .collect();
            write_png(
                pixmap,
                png::ColorType::Rgb,
                None,
                &rgb,
                png::Filter::Adaptive,
            )
        }
    }
}

/// The colours of an opaque picture as a palette and each pixel's index in
/// it; `None` past 256 colours.
fn palette_of(pixmap: &tiny_skia::Pixmap) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(pixmap.pixels().len());
    // Neighbouring pixels mostly share their colour: look it up once.
    let mut last: Option<([u8; 3], u8)> = None;
    for p in pixmap.pixels() {
        let c = p.demultiply();
        let rgb = [c.red(), c.green(), c.blue()];
        let i = match last {
            Some((l, i)) if l == rgb => i,
            _ => {
                let i = match index.get(&rgb) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(palette.len()).ok()?;
                        palette.push(rgb);
                        index.insert(rgb, i);
                        i
                    }
                };
                last = Some((rgb, i));
                i
            }
        };
        indices.push(i);
    }
    Some((palette.concat(), indices))
}

fn write_png(
    pixmap: &tiny_skia::Pixmap,
    color: png::ColorType,
    palette: Option<Vec<u8>>,
    data: &[u8],
    filter: png::Filter,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some(palette) = palette {
        encoder.set_palette(palette);
    }
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(filter);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Where the glyphs of a text element lie on the card.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The element's `id` (`title`, `course`...), empty when it has none.
    pub id: String,
    /// Left edge, px.
    pub left: f32,
    /// Top edge, px.
    pub top: f32,
    /// Right edge, px.
    pub right: f32,
    /// Bottom edge, px.
    pub bottom: f32,
}

/// The box covered by the drawn glyphs of every `<text>` element of a card's
/// SVG, in the card's pixels, as laid out by the same code that draws it.
pub fn text_boxes(svg: &str) -> Result<Vec<TextBox>, String> {
    let tree = parse(svg)?;
    let mut boxes = Vec::new();
    collect_text(tree.root(), &mut boxes);
    Ok(boxes)
}

fn collect_text(group: &usvg::Group, boxes: &mut Vec<TextBox>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_text(g, boxes),
            usvg::Node::Text(text) => {
                // The flattened glyph outlines: the ink, not the font's line box.
                let ink = text.flattened().abs_bounding_box();
                boxes.push(TextBox {
                    id: text.id().to_string(),
                    left: ink.left(),
                    top: ink.top(),
                    right: ink.right(),
                    bottom: ink.bottom(),
                });
            }
            _ => {}
        }
    }
}
