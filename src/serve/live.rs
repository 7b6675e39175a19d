//! Live reload: the preview's channel to its open tabs. The worker
//! publishes "reload" (with the output paths that changed) or "failed"
//! (with the diagnostics, for the error overlay); every tab listens with
//! server-sent events at `/__baihoc/events` and first hears the current
//! state ("hello"), so a tab opened while the site is broken shows the
//! overlay too. The client script (`/__baihoc/live.js`, an external file
//! the pages' `script-src 'self'` policy allows) is added to HTML pages by
//! [`inject`] as they enter the preview's memory, never to a build.

use crate::diagnostics::Diagnostic;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The tag added to every HTML page the preview serves.
pub(crate) const LIVE_TAG: &str = "<script src=\"/__baihoc/live.js\" defer></script>";

/// The client script and its overlay style.
pub(crate) const LIVE_JS: &str = include_str!("client/live.js");
pub(crate) const LIVE_CSS: &str = include_str!("client/live.css");
/// What the preview serves as `sw.js`: a worker that removes itself (and
/// the caches of an earlier offline copy), so no stored page hides an edit.
pub(crate) const PREVIEW_SERVICE_WORKER: &str = include_str!("client/sw.js");

/// A message to every open tab.
#[derive(Debug, Clone)]
pub(crate) enum Message {
    /// These output paths changed (empty: reload whatever is open).
    Reload(Vec<String>),
    /// The last change failed: the diagnostics to show.
    Failed(Vec<Diagnostic>),
}

/// The preview's live state: the current problems and the broadcast to tabs.
pub(crate) struct Live {
    /// Changes when the server restarts, so tabs know to reload.
    instance: String,
    problems: RwLock<Vec<Diagnostic>>,
    tx: broadcast::Sender<Message>,
}

impl Live {
    pub(crate) fn new() -> Live {
        let (tx, _) = broadcast::channel(64);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Live {
            instance: format!("{:x}-{:x}", std::process::id(), nanos),
            problems: RwLock::new(Vec::new()),
            tx,
        }
    }

    /// The site builds: tabs hide the overlay and reload when `paths` concern them.
    pub(crate) fn reload(&self, paths: Vec<String>) {
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
        let _ = self.tx.send(Message::Reload(paths));
    }

    /// The site does not build: tabs show these diagnostics over the last good page.
    pub(crate) fn failed(&self, diagnostics: Vec<Diagnostic>) {
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = diagnostics.clone();
        let _ = self.tx.send(Message::Failed(diagnostics));
    }

    /// True while the last change failed.
    pub(crate) fn is_failing(&self) -> bool {
        !self
            .problems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    fn hello(&self) -> Event {
        let problems = self
            .problems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        json_event(
            "hello",
            &serde_json::json!({ "instance": self.instance, "diagnostics": problems }),
        )
    }

    /// The event stream of one tab.
    pub(crate) fn events(
        self: &Arc<Self>,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        let rx = self.tx.subscribe();
        let hello = self.hello();
        let first = futures_util::stream::once(async move { Ok(hello) });
        let rest = futures_util::stream::unfold(rx, |mut rx| async move {
            let event = match rx.recv().await {
                Ok(message) => to_event(&message),
                // Missed messages: reload, which shows the state as it is now.
                Err(broadcast::error::RecvError::Lagged(_)) => to_event(&Message::Reload(vec![])),
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(event), rx))
        });
        Sse::new(futures_util::StreamExt::chain(first, rest)).keep_alive(KeepAlive::default())
    }
}

fn json_event(name: &str, value: &serde_json::Value) -> Event {
    Event::default().event(name).data(value.to_string())
}

fn to_event(message: &Message) -> Event {
    match message {
        Message::Reload(paths) => json_event("reload", &serde_json::json!({ "paths": paths })),
        Message::Failed(diagnostics) => {
            json_event("failed", &serde_json::json!({ "diagnostics": diagnostics }))
        }
    }
}

/// Adds the live-reload script to an HTML page: before `</head>`, else
/// before `</body>`, else at the end.
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let at = find_ascii_ci(html, b"</head>")
        .or_else(|| find_ascii_ci(html, b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + LIVE_TAG.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(LIVE_TAG.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_head() {
        let page = b"<html><head><title>A</title></HEAD><body></body></html>";
        let out = String::from_utf8(inject(page)).unwrap();
        assert_eq!(
            out,
            format!("<html><head><title>A</title>{LIVE_TAG}\n</HEAD><body></body></html>")
        );
        let fragment = String::from_utf8(inject(b"<p>x</p>")).unwrap();
        assert_eq!(fragment, format!("<p>x</p>{LIVE_TAG}\n"));
    }
}
