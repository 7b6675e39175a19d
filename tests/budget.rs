//! The weight budget of the default theme: every page of the bundled course,
//! with the stylesheet and script it loads, stays under 50 KB gzip-compressed
//! (images excluded), so it opens quickly on a cheap phone over weak data.
//! The print views (`ban-in.html`) are left out: they gather every lesson of
//! a section, or of the course, into one document for a teacher to print,
//! and are never what a student opens to read a lesson.

mod common;

use flate2::{Compression, write::GzEncoder};
use std::io::Write;
use std::path::Path;

const BUDGET: usize = 50 * 1024;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

#[test]
fn every_page_with_its_css_and_js_is_under_50_kb_gzipped() {
    let site = common::bundled_course("");
    let out = common::build(site.path());
    let mut heaviest = (0, String::new());
    for page in common::html_files(&out) {
        if page.ends_with(baihoc::products::print::FILE) {
            continue;
        }
        let html = std::fs::read(out.join(&page)).unwrap();
        let text = String::from_utf8_lossy(&html);
        let mut total = gzip_len(&html);
        // Stylesheets and scripts the page loads from the site.
        for attr in ["href=\"", "src=\""] {
            for part in text.split(attr).skip(1) {
                let url = part.split('"').next().unwrap();
                if url.ends_with(".css") || url.ends_with(".js") {
                    let dir = Path::new(&page).parent().unwrap();
                    let file = out.join(dir).join(url);
                    total += gzip_len(&std::fs::read(&file).unwrap());
                }
            }
        }
        assert!(
            total < BUDGET,
            "{page}: {total} bytes gzipped with its CSS and JS"
        );
        if total > heaviest.0 {
            heaviest = (total, page);
        }
    }
    eprintln!(
        "heaviest page: {} at {} bytes gzipped",
        heaviest.1, heaviest.0
    );
    assert!(heaviest.0 > 0);
}
