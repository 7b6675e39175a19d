//! Runs one build as a child process and measures it: wall time, processor
//! time (user + system) and peak resident memory, all from wait4. Shared by
//! the benches that time the `baihoc` binary (`build`, `share_cards`); each
//! reads the figures it reports.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

/// What one run cost.
#[derive(Clone, Copy)]
pub(crate) struct Run {
    pub(crate) wall: Duration,
    pub(crate) cpu: Duration,
    pub(crate) peak_kib: u64,
}

/// Runs a command to its end; panics with its stderr when it fails.
// The child is reaped by wait4 (which also gives its resource use), not by std.
#[allow(unsafe_code, clippy::zombie_processes)]
pub(crate) fn run(cmd: &mut Command) -> Run {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?} cannot start: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain old data that wait4 fills in; `pid` is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(rc, pid, "wait4 failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        panic!("{cmd:?} failed: {err}");
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_kib: usage.ru_maxrss as u64,
    }
}

/// The middle value (the upper one of an even count).
pub(crate) fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}
