//! Checks on the text of the bundled VNeID course (`content/`), read straight
//! from the Markdown files: what a reviewer of the course asked to stay true
//! (issue 18) and that a build cannot see on its own.
//!
//! - every page has a `description:`, a `reviewed:` date and `sources:`;
//! - no page sends readers to district-level police or a thị trấn as today's
//!   office: a line (or a quiz item) that names them also says it is history;
//! - the only web addresses are the official vneid.gov.vn and made-up ones
//!   ending in `.example`, never a real look-alike;
//! - words the course replaced with plain Vietnamese stay out.

use std::path::{Path, PathBuf};

/// Every Markdown file of the bundled course, with its path from the repository.
fn pages() -> Vec<(String, String)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = vec![repo.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(repo).unwrap().display().to_string();
                files.push((name, text));
            }
        }
    }
    files.sort();
    assert!(files.len() > 10, "the bundled course has its pages");
    files
}

/// The front matter of a page (between the two `---` lines).
fn front_matter(text: &str) -> &str {
    let rest = text
        .strip_prefix("---\n")
        .expect("page starts with front matter");
    &rest[..rest.find("\n---\n").expect("front matter ends")]
}

#[test]
fn every_page_has_a_description_a_reviewed_date_and_sources() {
    let mut missing = Vec::new();
    for (name, text) in pages() {
        let fm = front_matter(&text);
        let field = |key: &str| {
            fm.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().trim_matches('"').trim().to_string())
                .unwrap_or_default()
        };
        if field("description:").is_empty() {
            missing.push(format!("{name}: description"));
        }
        if field("reviewed:").len() != "2026-11-30".len() {
            missing.push(format!("{name}: reviewed"));
        }
        let sources = field("sources:");
        if sources
            .trim_matches(|c| c == '[' || c == ']')
            .trim()
            .is_empty()
        {
            missing.push(format!("{name}: sources"));
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}

/// The units a statement lives in: each line, except that a quiz item (from
/// one `- kind:` to the next) is one unit, since its question may state the
/// old rule that its answer and explanation then correct.
fn units(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut in_quiz = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.starts_with("```quiz") {
            in_quiz = true;
            continue;
        }
        if in_quiz && line.starts_with("```") {
            in_quiz = false;
            continue;
        }
        if in_quiz
            && !line.starts_with("- kind:")
            && let Some(last) = out.last_mut()
        {
            last.1.push('\n');
            last.1.push_str(line);
            continue;
        }
        out.push((n, line.to_string()));
    }
    out
}

#[test]
fn district_police_and_thi_tran_are_named_only_as_history() {
    // Since 01/3/2025 there is no district-level police, and since 01/7/2025
    // commune-level police are xã, phường and đặc khu, with no thị trấn.
    let old_places = [
        "Công an huyện",
        "Công an cấp huyện",
        "Công an quận",
        "thị trấn",
        "Đội Cảnh sát",
    ];
    let history = [
        "2022",
        "2023",
        "không còn",
        "kết thúc",
        "khi đó",
        "đã được sắp xếp",
        "đã thay đổi",
    ];
    let mut today = Vec::new();
    for (name, text) in pages() {
        for (line, unit) in units(&text) {
            let lower = unit.to_lowercase();
            let names_old = old_places.iter().any(|p| lower.contains(&p.to_lowercase()));
            if names_old && !history.iter().any(|h| lower.contains(h)) {
                today.push(format!("{name}:{line}: {}", unit.lines().next().unwrap()));
            }
        }
    }
    assert_eq!(
        today,
        Vec::<String>::new(),
        "name today's offices (Công an xã, phường, đặc khu), or say the old one is history"
    );
}

/// The web addresses in a text: words made of ASCII letters, digits, dots and
/// hyphens (after an optional scheme) whose last label is a known top-level
/// domain, without their path.
fn hosts(text: &str) -> Vec<String> {
    const TLDS: [&str; 10] = [
        "vn", "com", "net", "org", "example", "info", "io", "app", "top", "xyz",
    ];
    let mut out = Vec::new();
    for word in
        text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | ':')))
    {
        let word = word
            .strip_prefix("https://")
            .or_else(|| word.strip_prefix("http://"))
            .unwrap_or(word);
        let host = word
            .split('/')
            .next()
            .unwrap_or("")
            .trim_matches(|c| c == '.' || c == ':');
        let Some((_, tld)) = host.rsplit_once('.') else {
            continue;
        };
        if TLDS.contains(&tld) && host.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(host.to_string());
        }
    }
    out
}

#[test]
fn the_only_addresses_are_vneid_gov_vn_and_made_up_example_ones() {
    assert_eq!(
        hosts("Tự gõ https://vneid.gov.vn/kich-hoat, đừng vào http://vneid.gov.vn.example."),
        vec!["vneid.gov.vn", "vneid.gov.vn.example"]
    );
    let mut other = Vec::new();
    for (name, text) in pages() {
        for (i, line) in text.lines().enumerate() {
            for host in hosts(line) {
                let ok = host == "vneid.gov.vn" || host == "gov.vn" || host.ends_with(".example");
                if !ok {
                    other.push(format!("{name}:{}: {host}", i + 1));
                }
            }
        }
    }
    assert_eq!(
        other,
        Vec::<String>::new(),
        "a made-up address must end in .example so that it is no real site"
    );
}

#[test]
fn plain_vietnamese_words_stay_in_place_of_the_ones_replaced() {
    // "qua mạng" for "online", "bản sao chụp" for "bản photo", and one word
    // for a link: "đường link" (never "đường dẫn").
    let replaced = ["online", "bản photo", "đường dẫn"];
    let mut found = Vec::new();
    for (name, text) in pages() {
        for (i, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            for word in replaced {
                if lower.contains(word) {
                    found.push(format!("{name}:{}: {word}", i + 1));
                }
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}
