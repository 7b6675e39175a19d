//! Search index benchmark: on the deterministic corpus of the build
//! benchmark (1,000 and 10,000 pages, generated in tmpfs), the time the
//! search product takes to turn the rendered pages into its files (text
//! by heading, words and postings, the script files), median of several
//! runs, and the size of what it writes.
//!
//!     cargo bench --bench search
//!
//! Settings (environment): BENCH_SIZES=1000,10000  BENCH_RUNS=7
//! BENCH_DIR=/dev/shm/baihoc-bench. The whole build with search, against
//! a build without it, is `cargo bench --bench build` with BENCH_BASELINE.
//!
//! The corpus draws its text from about eighty words, so every word is in
//! almost every page: a worst case for the postings, far more than real
//! Vietnamese text of the same size.

mod corpus;
mod settings;

use baihoc::markdown::{self, LinkKind, LinkResolution, LinkResolver};
use baihoc::products::search::extract;
use baihoc::products::search::index::Doc;
use baihoc::products::search::script;
use baihoc::render::RenderedDoc;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every link leads somewhere: the benchmark measures search, not links.
struct AnyLink;

impl LinkResolver for AnyLink {
    fn resolve(&self, dest: &str, _kind: LinkKind) -> LinkResolution {
        LinkResolution::Internal {
            url: dest.replace(".md", ".html"),
            target: String::new(),
            fragment: None,
        }
    }
}

/// A front matter value written `key: "text"`.
fn front(md: &str, key: &str) -> String {
    md.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// Every page of the corpus, rendered (untimed), with what search shows of it.
fn rendered(site: &Path) -> Vec<(Doc, RenderedDoc)> {
    let content = site.join("content");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    let labels = markdown::Labels::default();
    files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let md = std::fs::read_to_string(path).unwrap();
            let body = md.splitn(3, "---\n").nth(2).unwrap_or(&md);
            let r = markdown::render(&markdown::Input {
                body,
                file: path,
                body_line: 1,
                labels: &labels,
                resolver: &AnyLink,
                title: None,
            });
            let rel = path.strip_prefix(&content).unwrap().with_extension("html");
            let doc = Doc {
                url: rel.display().to_string(),
                title: front(&md, "title"),
                number: i + 1,
                section: rel
                    .parent()
                    .map(|s| s.display().to_string())
                    .unwrap_or_default(),
                description: front(&md, "description"),
                parts: Vec::new(),
            };
            (doc, RenderedDoc::from(r))
        })
        .collect()
}

/// What the search product does after rendering: text by heading, the
/// index, the files' contents (kept here instead of written).
fn index_files(pages: &[(Doc, RenderedDoc)]) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    let doc = |i: usize| {
        let (doc, r) = &pages[i];
        Doc {
            parts: extract::parts(r),
            ..doc.clone()
        }
    };
    let problems = script::write_index(pages.len(), doc, |path: &str, text: String| {
        files.lock().unwrap().push((path.to_string(), text));
        Ok(())
    });
    assert!(problems.is_empty());
    let mut files = files.into_inner().unwrap();
    // The index file first, as the table reads it.
    files.sort_by_key(|(p, _)| (p != script::INDEX_FILE, p.clone()));
    files
}

/// CPU time of this process so far (every thread, user and system): on a
/// shared machine, wall time also counts the other users' work.
#[allow(unsafe_code)]
fn cpu_time() -> Duration {
    // SAFETY: `rusage` is plain old data that getrusage fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn main() {
    if !settings::asked() {
        return;
    }
    let sizes = settings::sizes();
    let runs = settings::number("BENCH_RUNS", 7);
    let base = settings::dir("/dev/shm/baihoc-bench");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("baihoc search index benchmark: {runs} runs per size (median), {cores} cores");
    println!();
    println!(
        "| pages | index time (wall) | CPU time | files | all files | all gzip | search/index.js gzip | largest words file gzip | largest text file gzip |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &pages in &sizes {
        let site = base.join(format!("search-corpus-{pages}"));
        let _ = std::fs::remove_dir_all(&site);
        corpus::generate(&site, pages, false).expect("generate corpus");
        let docs = rendered(&site);
        index_files(&docs); // warm-up
        let (mut times, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
            .map(|_| {
                let (start, cpu_start) = (Instant::now(), cpu_time());
                let files = index_files(&docs);
                let t = (start.elapsed(), cpu_time() - cpu_start);
                drop(files);
                t
            })
            .unzip();
        times.sort();
        cpu.sort();
        let files = index_files(&docs);
        let total: usize = files.iter().map(|(_, s)| s.len()).sum();
        let gz: Vec<(String, usize)> = files
            .par_iter()
            .map(|(p, s)| (p.clone(), gzip_len(s.as_bytes())))
            .collect();
        let all_gz: usize = gz.iter().map(|(_, n)| n).sum();
        let largest = |prefix: &str| {
            gz.iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(|(_, n)| *n)
                .max()
                .map_or("-".to_string(), kb)
        };
        println!(
            "| {} | {:.1} ms | {:.1} ms | {} | {} | {} | {} | {} | {} |",
            docs.len(),
            times[times.len() / 2].as_secs_f64() * 1000.0,
            cpu[cpu.len() / 2].as_secs_f64() * 1000.0,
            files.len(),
            kb(total),
            kb(all_gz),
            kb(gz[0].1),
            largest("search/words-"),
            largest("search/text-"),
        );
        let _ = std::fs::remove_dir_all(&site);
    }
}
