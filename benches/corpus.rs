//! A deterministic Vietnamese corpus for the build benchmark: `pages` lessons
//! in sections of 50 to 100, each about 5 KB of Markdown with YAML front
//! matter, headings, lists, a table, a callout and internal links (some with
//! anchors). The same seed always gives the same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (64-bit LCG; quality is not the point).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "tài khoản",
    "định danh",
    "điện tử",
    "ứng dụng",
    "cài đặt",
    "kích hoạt",
    "học sinh",
    "giáo viên",
    "phụ huynh",
    "an toàn",
    "mật khẩu",
    "điện thoại",
    "thông tin",
    "cá nhân",
    "công an",
    "căn cước",
    "đăng ký",
    "mức độ",
    "bảo vệ",
    "lừa đảo",
    "đường link",
    "tin nhắn",
    "mã số",
    "xác thực",
    "hướng dẫn",
    "thủ tục",
    "hành chính",
    "dịch vụ",
    "công",
    "trực tuyến",
    "gia đình",
    "người thân",
    "nhà trường",
    "bài học",
    "ghi nhớ",
    "cẩn thận",
    "kiểm tra",
    "chính thức",
    "kho ứng dụng",
    "giấy tờ",
    "tích hợp",
    "bảo hiểm",
    "y tế",
    "giấy phép",
    "lái xe",
    "chân dung",
    "vân tay",
    "chip",
    "quét",
    "mã QR",
    "trước",
    "sau",
    "khi",
    "nếu",
    "thì",
    "và",
    "hoặc",
    "không",
    "luôn",
    "phải",
    "nên",
    "cần",
    "được",
    "của",
    "cho",
    "với",
    "trong",
    "ngoài",
    "một",
    "hai",
    "ba",
    "những",
    "các",
    "mỗi",
    "này",
    "đó",
    "em",
    "bạn",
    "ông bà",
];

const HEADINGS: &[&str] = &[
    "Chuẩn bị",
    "Các bước thực hiện",
    "Những điều cần tránh",
    "Câu hỏi thường gặp",
    "Ví dụ",
    "Thực hành",
    "Lưu ý an toàn",
    "Giải thích thuật ngữ",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(10);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    let mut chars = s.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(3);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

/// Section sizes of 50 to 100 pages adding up to `pages`.
fn section_sizes(pages: usize, rng: &mut Rng) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = pages;
    while left > 0 {
        let size = (50 + rng.below(51)).min(left);
        sizes.push(size);
        left -= size;
    }
    sizes
}

fn page_path(section: usize, page: usize) -> String {
    format!("phan-{section:03}/bai-{page:05}.md")
}

/// Writes `site.yaml` and `content/` for a corpus of `pages` lessons into
/// `dir`; with `one_section`, every lesson goes in one section (the same
/// pages, text and links: only the folders differ).
pub(crate) fn generate(dir: &Path, pages: usize, one_section: bool) -> std::io::Result<()> {
    // BENCH_QUIZ=1: every lesson ends with a quiz of four questions (one of each kind).
    let quizzes = std::env::var("BENCH_QUIZ").is_ok_and(|v| !v.is_empty());
    let mut rng = Rng(0x5eed_ba11_u64 ^ pages as u64);
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(
        dir.join("site.yaml"),
        format!(
            "title: \"Khoá học thử nghiệm {pages} bài\"\ndescription: \"Bộ bài học sinh tự động để đo tốc độ.\"\nlanguage: vi\n"
        ),
    )?;
    std::fs::write(
        dir.join("content/_index.md"),
        "---\ntitle: \"Trang chủ\"\ndescription: \"Trang chủ của bộ bài đo tốc độ.\"\n---\n\nChào mừng các em đến với khoá học.\n",
    )?;
    let sizes = section_sizes(pages, &mut rng);
    let sizes = if one_section { vec![pages] } else { sizes };
    // Global page numbers, so a link can name any page of any section.
    let mut all = Vec::new();
    for (s, &size) in sizes.iter().enumerate() {
        for _ in 0..size {
            all.push((s + 1, all.len() + 1));
        }
    }
    for (s, _) in sizes.iter().enumerate() {
        let s = s + 1;
        let sdir = dir.join(format!("content/phan-{s:03}"));
        std::fs::create_dir_all(&sdir)?;
        std::fs::write(
            sdir.join("_index.md"),
            format!(
                "---\ntitle: \"Phần {s}: {}\"\nweight: {s}\ndescription: \"{}\"\n---\n\n{}\n",
                rng.pick(HEADINGS),
                sentence(&mut rng),
                paragraph(&mut rng)
            ),
        )?;
    }
    for (i, &(s, p)) in all.iter().enumerate() {
        let mut md = String::with_capacity(6000);
        let title = format!("Bài {p}: {} {}", rng.pick(HEADINGS), rng.pick(WORDS));
        let _ = write!(
            md,
            "---\ntitle: \"{title}\"\ndescription: \"{}\"\nweight: {p}\naudience: [\"học sinh\", \"phụ huynh\"]\ntags: [\"{}\", \"{}\"]\nreviewed: 2026-01-15\n---\n\n",
            sentence(&mut rng),
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
        md.push_str(&paragraph(&mut rng));
        md.push_str("\n\n");
        let (ns, np) = all[(i + 1) % all.len()];
        let (rs, rp) = all[rng.below(all.len())];
        for (h, heading) in HEADINGS.iter().take(4).enumerate() {
            let _ = writeln!(md, "## {heading}\n");
            md.push_str(&paragraph(&mut rng));
            md.push_str("\n\n");
            match h {
                0 => {
                    for k in 1..=4 {
                        let _ = writeln!(md, "{k}. {}", sentence(&mut rng));
                    }
                    md.push('\n');
                }
                1 => {
                    md.push_str("| Việc cần làm | Mức 1 | Mức 2 |\n|---|---|---|\n");
                    for _ in 0..4 {
                        let _ = writeln!(
                            md,
                            "| {} | {} | {} |",
                            rng.pick(WORDS),
                            rng.pick(WORDS),
                            rng.pick(WORDS)
                        );
                    }
                    md.push('\n');
                }
                2 => {
                    let _ = writeln!(md, "> [!WARNING]\n> {}\n", sentence(&mut rng));
                    for _ in 0..3 {
                        let _ = writeln!(md, "- {}", sentence(&mut rng));
                    }
                    md.push('\n');
                }
                _ => {
                    let next = if ns == s {
                        format!("bai-{np:05}.md")
                    } else {
                        format!("../{}", page_path(ns, np))
                    };
                    let _ = writeln!(
                        md,
                        "Xem tiếp [bài {np}]({next}) và phần [ghi nhớ của bài {rp}](../{}#ghi-nho).\n",
                        page_path(rs, rp)
                    );
                }
            }
            md.push_str(&paragraph(&mut rng));
            md.push_str("\n\n");
        }
        let _ = writeln!(
            md,
            "## Ghi nhớ\n\n- {}\n- {}",
            sentence(&mut rng),
            sentence(&mut rng)
        );
        if quizzes {
            // Fixed texts: the rest of the corpus is the same with or without quizzes.
            let _ = write!(
                md,
                "\n## Tự kiểm tra\n\n```quiz\n- kind: single\n  question: \"Bài {p} thuộc phần nào?\"\n  choices: [\"Phần {s}\", \"Phần khác\", \"Không phần nào\"]\n  answer: \"Phần {s}\"\n  explain: \"Bài {p} nằm trong phần {s}.\"\n- kind: multiple\n  question: \"Những việc nào an toàn?\"\n  choices: [\"Tự mở ứng dụng\", \"Tự gõ địa chỉ\", \"Bấm đường link lạ\"]\n  answer: [\"Tự mở ứng dụng\", \"Tự gõ địa chỉ\"]\n- kind: true-false\n  question: \"Mã OTP không đưa cho ai.\"\n  answer: true\n- kind: short\n  question: \"Passcode gồm mấy chữ số?\"\n  answer: [\"6\", \"sáu\"]\n```\n"
            );
        }
        std::fs::write(dir.join("content").join(page_path(s, p)), md)?;
    }
    Ok(())
}
