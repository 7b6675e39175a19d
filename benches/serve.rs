//! Live preview benchmark: from saving a page to the reload event reaching
//! an open tab. Generates the deterministic corpus (1,000 and 10,000 pages)
//! in tmpfs, starts the release `baihoc serve` on it, listens to its event
//! stream over HTTP as a tab does, then saves one lesson again and again
//! (a new sentence in its body; then a new title, which re-renders the
//! pages that show it) and times each save until its `reload` event is
//! read from the socket. The watcher's debounce is part of the time. Also
//! reports the time the preview itself printed for the re-render.
//!
//!     cargo bench --bench serve
//!
//! Settings (environment): BENCH_SIZES=1000,10000  BENCH_RUNS=20
//! BENCH_DIR=/dev/shm/baihoc-serve-bench

mod corpus;
mod settings;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The preview, started on a corpus; killed when dropped.
struct Preview {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Preview {
    fn start(site: &Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baihoc"))
            .arg("--root")
            .arg(site)
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start baihoc serve");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let started = Instant::now();
        let port = loop {
            let found = lines.lock().unwrap().iter().find_map(|l| {
                let rest = l.split("http://127.0.0.1:").nth(1)?;
                rest.split('/').next()?.parse::<u16>().ok()
            });
            if let Some(p) = found {
                break p;
            }
            assert!(started.elapsed() < Duration::from_secs(120), "no address");
            std::thread::sleep(Duration::from_millis(10));
        };
        Preview { child, port, lines }
    }

    /// The last "... changed in N ms" the preview printed, in ms.
    fn last_printed_ms(&self) -> Option<f64> {
        let lines = self.lines.lock().unwrap();
        let line = lines.iter().rev().find(|l| l.contains(" changed in "))?;
        let rest = line.split(" changed in ").nth(1)?;
        rest.split(' ').next()?.parse().ok()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tab's event stream, read straight from the socket.
struct Tab {
    socket: TcpStream,
    seen: String,
}

impl Tab {
    fn open(port: u16) -> Tab {
        let mut socket = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        socket
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            socket,
            "GET /__baihoc/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut tab = Tab {
            socket,
            seen: String::new(),
        };
        tab.wait("event: hello");
        tab
    }

    /// Reads until `what` appears in what arrived since the last wait.
    fn wait(&mut self, what: &str) {
        let mut buf = [0u8; 64 * 1024];
        while !self.seen.contains(what) {
            let n = self.socket.read(&mut buf).expect("the event stream");
            assert!(n > 0, "the event stream ended");
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        self.seen.clear();
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Saves `file` `runs` times with `edit(original, run)` and times each
/// save to its reload event: (end-to-end ms, printed re-render ms).
fn measure(
    preview: &Preview,
    tab: &mut Tab,
    file: &Path,
    runs: usize,
    edit: impl Fn(&str, usize) -> String,
) -> (Vec<f64>, Vec<f64>) {
    let original = std::fs::read_to_string(file).unwrap();
    let mut total = Vec::new();
    let mut inner = Vec::new();
    for run in 0..runs {
        let text = edit(&original, run);
        let start = Instant::now();
        std::fs::write(file, text).unwrap();
        tab.wait("event: reload");
        total.push(start.elapsed().as_secs_f64() * 1000.0);
        // The terminal line is printed right after the event is sent.
        std::thread::sleep(Duration::from_millis(150));
        if let Some(ms) = preview.last_printed_ms() {
            inner.push(ms);
        }
    }
    std::fs::write(file, original).unwrap();
    tab.wait("event: reload");
    total.sort_by(f64::total_cmp);
    inner.sort_by(f64::total_cmp);
    (total, inner)
}

fn row(pages: usize, what: &str, (total, inner): &(Vec<f64>, Vec<f64>)) {
    println!(
        "| {pages} | {what} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
        percentile(total, 0.5),
        percentile(total, 0.9),
        total.last().copied().unwrap_or(0.0),
        if inner.is_empty() {
            f64::NAN
        } else {
            percentile(inner, 0.5)
        },
    );
}

fn main() {
    if !settings::asked() {
        return;
    }
    let sizes = settings::sizes();
    let runs = settings::number("BENCH_RUNS", 20);
    let base = settings::dir("/dev/shm/baihoc-serve-bench");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "baihoc serve: save → reload event read by a tab, {runs} saves each, {cores} cores, corpus in {}",
        base.display()
    );
    println!();
    println!("| pages | edit | median | 90th percentile | slowest | re-render (printed, median) |");
    println!("|---:|---|---:|---:|---:|---:|");
    for &pages in &sizes {
        let site = base.join(format!("corpus-{pages}"));
        let _ = std::fs::remove_dir_all(&site);
        corpus::generate(&site, pages, false).expect("generate corpus");
        let preview = Preview::start(&site);
        let mut tab = Tab::open(preview.port);
        // A lesson in the middle of a section in the middle of the site.
        let file =
            site.join("content")
                .join(format!("phan-{:03}/bai-{:05}.md", pages / 150, pages / 2));
        let file = if file.is_file() {
            file
        } else {
            first_lesson(&site.join("content"))
        };
        let body = measure(&preview, &mut tab, &file, runs, |text, run| {
            format!("{text}\nMột câu sửa lần thứ {run}.\n")
        });
        row(pages, "body of one lesson", &body);
        let title = measure(&preview, &mut tab, &file, runs, |text, run| {
            text.replacen("title: \"", &format!("title: \"Sửa {run}: "), 1)
        });
        row(pages, "title of one lesson", &title);
    }
}

fn first_lesson(content: &Path) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(content)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let dir = &dirs[dirs.len() / 2];
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files[files.len() / 2].clone()
}
