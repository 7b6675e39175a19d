//! The `baihoc` command: parses arguments, calls the library, prints what
//! happened and maps the outcome to an exit code (0 ok, 1 errors in the
//! site, 2 wrong usage, 3 out of memory). Warnings are printed grouped by kind, a few of each
//! unless `--verbose`; errors are always all printed; text from the site is
//! printed with its control characters escaped.

use baihoc::date::Date;
use baihoc::diagnostics::{Diagnostic, Severity};
use baihoc::text::{escape_controls, thousands};
use baihoc::{BuildOptions, Failure, NewKind};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc, except that running out of memory ends the command with a
/// message and exit code 3 instead of an abort: the build stops before its
/// swap, so the previous output stays as it was, and the next build removes
/// the staging folder it left. mimalloc rather than the system allocator:
/// the build makes and drops millions of small strings on two threads, and
/// with it (set up by [`allocator_settings`]) the 10,000-page build takes
/// about 6% less time and 11 MB less memory (README, Speed).
struct Allocator;

// SAFETY: every call is passed on unchanged to mimalloc; only a null result
// (no memory) is turned into an exit.
#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as for `MiMalloc.alloc`, whose contract the caller keeps.
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as for `MiMalloc.alloc_zeroed`.
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `MiMalloc`.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        // SAFETY: as for `MiMalloc.realloc`; `ptr` came from `MiMalloc`.
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, size) };
        if p.is_null() {
            out_of_memory();
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// Says the computer ran out of memory and exits with code 3, allocating
/// nothing on the way (stderr is unbuffered; `_exit` runs no handlers).
#[allow(unsafe_code)]
fn out_of_memory() -> ! {
    use std::io::Write;
    let _ = std::io::stderr().write_all(
        b"error: the computer ran out of memory while building; nothing was written and the previous output is unchanged\n  hint: close other programs, or build on a computer with more memory (a 10,000-page course needs about 250 MB)\n",
    );
    // SAFETY: `_exit` ends the process at once; nothing runs after it.
    unsafe { libc::_exit(3) }
}

/// `mi_option_arena_eager_commit` in mimalloc v3's `include/mimalloc.h`
/// (the constants of `libmimalloc-sys` number v2's options).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// mimalloc commits the memory it reserves as it is used, not ahead (the
/// default on Linux commits a whole arena, and the build's peak memory was
/// about 25 MB higher than with the system allocator); transparent huge
/// pages are off (the `no_thp` feature in Cargo.toml) for the same reason.
#[allow(unsafe_code)]
fn allocator_settings() {
    // SAFETY: sets one of mimalloc's options, which it reads when it next
    // reserves memory; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) }
}

/// Warnings of one kind printed before "and N more like this".
const SHOWN_PER_KIND: usize = 5;

/// baihoc turns a folder of Markdown lessons into a course website that
/// works from a web server and straight from disk (file://).
#[derive(Parser)]
#[command(name = "baihoc", version, about, long_about = None)]
struct Cli {
    /// The site folder: the one holding site.yaml and content/.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,

    /// Print every warning (by default a few of each kind, then how many more).
    #[arg(long, global = true)]
    verbose: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --out). On any error the previous output is kept as it was.
    Build {
        /// Where to write the site (default: public/ in the site folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The address where the site will be published, e.g. https://truong.edu.vn/vneid.
        /// Needed for the sitemap, the 404 page, link previews and share cards; links stay relative.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each step of the build took, and each product. Each
        /// product is then timed alone: the search index, otherwise made
        /// beside the pages, waits for them.
        #[arg(long)]
        timings: bool,
        /// Check the freshness of reviews as of this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Check everything a build checks (front matter, links, images, templates) without writing anything.
    Check {
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Check the freshness of reviews as of this date (YYYY-MM-DD) instead
        /// of today, e.g. the first day of the school term.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Create a new lesson or section with its front matter filled in.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// List every page the build writes: source, output, title, section, layout, draft and all its files.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site while you write: builds in memory, serves it on this computer
    /// and reloads the browser when a file changes. Nothing is written to disk.
    Serve {
        /// The port to listen on (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Also answer phones and computers on the local network (prints the address and a QR code).
        #[arg(long)]
        lan: bool,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Check the freshness of reviews as of this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Serve the built site (public/ or --out) read-only, e.g. to the phones of a classroom
    /// with --lan. Run `baihoc build` first.
    Share {
        /// The built output folder (default: public/ in the site folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The port to listen on (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Answer phones on the local network, not only this computer (prints the address and a QR code).
        #[arg(long)]
        lan: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A lesson page, e.g. baihoc new lesson "Kích hoạt tài khoản" --section dang-ky
    Lesson {
        /// The lesson's title, in quotes.
        title: String,
        /// The section folder under content/ to put it in (default: content/ itself).
        #[arg(long, value_name = "DIR")]
        section: Option<String>,
    },
    /// A section folder with its _index.md, e.g. baihoc new section "An toàn"
    Section {
        /// The section's title, in quotes.
        title: String,
        /// The parent section folder under content/ (default: content/ itself).
        #[arg(long, value_name = "DIR")]
        section: Option<String>,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
}

/// Prints diagnostics: warnings grouped by kind (in the order their kinds
/// first appear), at most [`SHOWN_PER_KIND`] of each unless `verbose`, then
/// every error, in the order given.
fn print_diagnostics(diagnostics: &[Diagnostic], verbose: bool) {
    let mut kinds: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        let kind = d.kind();
        let i = *index.entry(kind.clone()).or_insert_with(|| {
            kinds.push((kind, Vec::new()));
            kinds.len() - 1
        });
        kinds[i].1.push(d);
    }
    for (_, group) in &kinds {
        let shown = if verbose { group.len() } else { SHOWN_PER_KIND };
        for d in group.iter().take(shown) {
            eprintln!("{d}");
        }
        if group.len() > shown {
            eprintln!(
                "  ... and {} more like this (--verbose shows them all)",
                thousands(group.len() - shown)
            );
        }
    }
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
}

fn print_failure(f: &Failure, verbose: bool) -> ExitCode {
    print_diagnostics(&f.diagnostics, verbose);
    let errors = f.error_count();
    eprintln!(
        "Failed with {errors} error{}; nothing was written.",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}

fn main() -> ExitCode {
    allocator_settings();
    let cli = Cli::parse();
    let root = cli.root;
    let verbose = cli.verbose;
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            timings,
            today,
        } => {
            let opts = BuildOptions {
                out,
                base_url,
                drafts,
                today,
                timings,
                ..BuildOptions::new(root)
            };
            match baihoc::build(&opts) {
                Ok(summary) => {
                    print_diagnostics(&summary.warnings, verbose);
                    println!("{}", summary.line());
                    for n in &summary.notes {
                        println!("{n}");
                    }
                    if timings {
                        for (step, time) in &summary.steps {
                            println!("  {step:<14} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                        }
                        println!(
                            "  of which, by product (time per document summed over threads, plus site-wide files by the clock; files, size):"
                        );
                        for p in summary.products.iter().filter(|p| p.files > 0) {
                            println!(
                                "    {:<18} {:>8.1} ms {:>7} files {:>9.1} KB",
                                p.name,
                                p.time.as_secs_f64() * 1000.0,
                                p.files,
                                p.bytes as f64 / 1000.0
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => print_failure(&f, verbose),
            }
        }
        Command::Check {
            drafts,
            strict,
            today,
        } => {
            let opts = BuildOptions {
                drafts,
                strict,
                today,
                ..BuildOptions::new(root)
            };
            match baihoc::check(&opts) {
                Ok(summary) => {
                    print_diagnostics(&summary.warnings, verbose);
                    println!("{}", summary.line());
                    for n in &summary.notes {
                        println!("{n}");
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => print_failure(&f, verbose),
            }
        }
        Command::New { what } => {
            let (kind, title, section) = match what {
                NewCommand::Lesson { title, section } => (NewKind::Lesson, title, section),
                NewCommand::Section { title, section } => (NewKind::Section, title, section),
            };
            match baihoc::new_document(&root, kind, &title, section.as_deref()) {
                Ok(path) => {
                    println!("Created {}", escape_controls(&path.display().to_string()));
                    ExitCode::SUCCESS
                }
                Err(f) => print_failure(&f, verbose),
            }
        }
        Command::Serve {
            port,
            lan,
            open,
            drafts,
            today,
        } => {
            let opts = baihoc::serve::ServeOptions {
                build: BuildOptions {
                    drafts,
                    today,
                    ..BuildOptions::new(root)
                },
                listen: baihoc::serve::Listen { port, lan, open },
            };
            match baihoc::serve::preview(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => print_failure(&f, verbose),
            }
        }
        Command::Share {
            out,
            port,
            lan,
            open,
        } => {
            let folder = out.unwrap_or_else(|| root.join("public"));
            let opts = baihoc::serve::ShareOptions {
                root,
                folder,
                listen: baihoc::serve::Listen { port, lan, open },
            };
            match baihoc::serve::share(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => print_failure(&f, verbose),
            }
        }
        Command::List { json, drafts } => {
            let opts = BuildOptions {
                drafts,
                ..BuildOptions::new(root)
            };
            match baihoc::list(&opts) {
                Ok(entries) if json => {
                    match serde_json::to_string_pretty(&entries) {
                        Ok(s) => println!("{s}"),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return ExitCode::from(1);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Ok(entries) => {
                    for e in entries {
                        let draft = if e.draft { "  [draft]" } else { "" };
                        println!(
                            "{}  →  {}  \"{}\"  ({}, {}){draft}",
                            escape_controls(e.source.as_deref().unwrap_or("(site)")),
                            escape_controls(&e.outputs.join(", ")),
                            escape_controls(&e.title),
                            escape_controls(e.section.as_deref().unwrap_or("-")),
                            escape_controls(&e.layout)
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => print_failure(&f, verbose),
            }
        }
    }
}
