//! Live preview and classroom sharing.
//!
//! [`preview`] (`baihoc serve`) builds the site in memory, serves it on
//! 127.0.0.1 (a free port unless `--port`), watches the site folder and
//! applies each change with the partial re-renders of [`crate::Built`],
//! then reloads the open tabs or shows the errors over the last good page.
//! Nothing is written to disk. [`share`] (`baihoc share`) serves a built
//! output folder, read-only. Either binds beyond loopback only with
//! `--lan`, and then prints the address and its QR code; both offer the
//! projector page at `/__baihoc/share`.
//!
//! Its parts: [`paths`] (the gate every request path passes), [`store`]
//! (files in memory or in a folder), [`http`] (the axum router and
//! responses), [`live`] (server-sent events and the client script),
//! [`watch`] (notify and what a change means), [`worker`] (applies
//! changes), [`share_page`] (addresses, QR codes, the projector page).

mod http;
mod live;
pub(crate) mod paths;
mod share_page;
mod store;
mod watch;
mod worker;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OUTPUT_MARKER;
use crate::{BuildOptions, Failure};
use http::{App, Source};
use share_page::ShareInfo;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::{FolderStore, MemoryStore};

/// Where and how to listen.
#[derive(Debug, Clone)]
pub struct Listen {
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Also answer on the local network (all interfaces), not only on this computer.
    pub lan: bool,
    /// Open the address in the default browser.
    pub open: bool,
}

/// Options of `baihoc serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site and how to build it (`out` is not used: nothing is written).
    pub build: BuildOptions,
    /// Where to listen.
    pub listen: Listen,
}

/// Options of `baihoc share`.
#[derive(Debug, Clone)]
pub struct ShareOptions {
    /// The site folder (for the course's title).
    pub root: PathBuf,
    /// The built output folder to serve.
    pub folder: PathBuf,
    /// Where to listen.
    pub listen: Listen,
}

/// Serves a live preview of the site until the process is interrupted.
/// Fails only when the server cannot start (the port is taken); build
/// errors are shown in the terminal and the browser while it runs.
pub fn preview(opts: &ServeOptions) -> Result<(), Failure> {
    let root = worker::real_root(&opts.build.root);
    let build = BuildOptions {
        root: root.clone(),
        ..opts.build.clone()
    };
    let store = Arc::new(MemoryStore::default());
    let live = Arc::new(live::Live::new());
    let built = match crate::build_in_memory(&build) {
        Ok(b) => {
            for w in &b.summary().warnings {
                eprintln!("{w}");
            }
            let line = b
                .summary()
                .line()
                .replacen("Checked:", "Built in memory:", 1);
            println!("{line}");
            store.insert(worker::entries(&b));
            Some(b)
        }
        Err(f) => {
            for d in &f.diagnostics {
                eprintln!("{d}");
            }
            eprintln!(
                "The site does not build yet: the preview starts anyway and shows the errors until they are fixed."
            );
            live.failed(f.diagnostics.clone());
            None
        }
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = watch::start(&root, tx).map_err(|e| {
        Failure::one(
            Diagnostic::error(format!("cannot watch the site folder for changes: {e}"))
                .with_hint("on Linux, raise fs.inotify.max_user_watches (sysctl) and try again"),
        )
    })?;
    let worker = worker::Worker::new(root.clone(), build, built, store.clone(), live.clone());
    std::thread::Builder::new()
        .name("baihoc-preview".into())
        .spawn(move || worker.run(&rx, watcher))
        .map_err(|e| Failure::one(Diagnostic::error(format!("cannot start: {e}"))))?;
    let title = site_title(&root);
    run(
        &opts.listen,
        title,
        Source::Memory(store),
        Some(live),
        |url| {
            println!("Serving the preview at {url} (Ctrl-C to stop); nothing is written to disk.");
            println!(
                "Watching content/, site.yaml, data/, templates/, themes/, static/ and i18n/ for changes."
            );
        },
    )
}

/// Serves the built output folder, read-only, until the process is interrupted.
pub fn share(opts: &ShareOptions) -> Result<(), Failure> {
    let folder = &opts.folder;
    if !folder.join(OUTPUT_MARKER).is_file() {
        return Err(Failure::one(
            Diagnostic::error(format!(
                "{} is not a site built by baihoc (it has no {OUTPUT_MARKER} file)",
                folder.display()
            ))
            .with_hint("run `baihoc build` first, or pass the output folder with --out DIR"),
        ));
    }
    let store = FolderStore::new(folder).map_err(|e| {
        Failure::one(Diagnostic::error(format!(
            "cannot read {}: {e}",
            folder.display()
        )))
    })?;
    let title = site_title(&opts.root);
    run(&opts.listen, title, Source::Folder(store), None, |url| {
        println!(
            "Sharing {} (read-only) at {url} (Ctrl-C to stop).",
            folder.display()
        );
    })
}

/// The course's title from `site.yaml`, or a plain one.
fn site_title(root: &Path) -> String {
    let mut diags = Diagnostics::new();
    crate::content::read_config(root, &mut diags)
        .map(|c| c.title)
        .unwrap_or_else(|| "Khóa học".to_string())
}

fn start_error(e: impl std::fmt::Display, hint: &str) -> Failure {
    Failure::one(
        Diagnostic::error(format!("cannot start the server: {e}")).with_hint(hint.to_string()),
    )
}

/// Binds, prints where to go, and serves until Ctrl-C.
fn run(
    listen: &Listen,
    title: String,
    source: Source,
    live: Option<Arc<live::Live>>,
    announce: impl FnOnce(&str),
) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| start_error(e, "this is a bug in baihoc: please report it"))?;
    runtime.block_on(async move {
        let ip = if listen.lan {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, listen.port))
            .await
            .map_err(|e| {
                start_error(
                    e,
                    "choose another --port, or leave it out to use a free one",
                )
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| start_error(e, "try again"))?
            .port();
        let local = format!("http://127.0.0.1:{port}/");
        let lan_ip = if listen.lan {
            share_page::lan_addresses().into_iter().next()
        } else {
            None
        };
        let host = lan_ip.map_or_else(|| "127.0.0.1".to_string(), |ip| ip.to_string());
        let url = format!("http://{host}:{port}/");
        announce(&local);
        print_sharing(listen.lan, lan_ip.is_some(), &url, &local);
        if listen.open {
            let _ = open::that_detached(&local);
        }
        let app = Arc::new(App {
            source,
            live,
            share: ShareInfo {
                title,
                url,
                host,
                port,
                lan: listen.lan && lan_ip.is_some(),
            },
        });
        let server = axum::serve(listener, http::router(app));
        tokio::select! {
            result = server => result.map_err(|e| start_error(e, "try again")),
            _ = tokio::signal::ctrl_c() => {
                println!("Stopped.");
                Ok(())
            }
        }
    })
}

fn print_sharing(lan: bool, found: bool, url: &str, local: &str) {
    let projector = format!("{local}__baihoc/share");
    if !lan {
        println!(
            "Only this computer can open it; add --lan to share it with phones on the same Wi-Fi."
        );
        println!("Projector page with a QR code: {projector}");
        return;
    }
    if !found {
        println!(
            "Listening on every network, but this computer has no local network address now: \
join the classroom Wi-Fi (or turn on its hotspot) and start again."
        );
        return;
    }
    println!("On the classroom Wi-Fi, phones open {url}");
    if let Some(qr) = share_page::terminal_qr(url) {
        println!("{qr}");
    }
    println!("Projector page with a large QR code: {projector}");
    println!(
        "Phones read the course while this computer serves it. Over plain http on the network, \
browsers do not let them store it for offline reading (only https or this computer can)."
    );
}
