#![allow(dead_code)]

//! Helpers for the serve tests: the `baihoc` binary started as a server
//! on a free port of 127.0.0.1 (killed when dropped), an HTTP client built
//! on hyper, raw requests for paths an HTTP client would normalise, and a
//! reader of server-sent events. Every wait is bounded.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test fails (debug builds, a busy machine).
pub(crate) const PATIENCE: Duration = Duration::from_secs(30);

/// A running `baihoc serve` or `baihoc share`.
pub(crate) struct Running {
    child: Child,
    pub(crate) addr: SocketAddr,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    pub(crate) rt: tokio::runtime::Runtime,
}

fn pump(from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            let mut s = into.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
}

impl Running {
    /// Starts `baihoc --root ROOT ARGS...` and waits for its address.
    pub(crate) fn start(root: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baihoc"))
            .arg("--root")
            .arg(root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start baihoc");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        pump(child.stdout.take().unwrap(), stdout.clone());
        pump(child.stderr.take().unwrap(), stderr.clone());
        let start = Instant::now();
        let port = loop {
            let out = stdout.lock().unwrap().clone();
            if let Some(i) = out.find("http://127.0.0.1:") {
                let rest = &out[i + "http://127.0.0.1:".len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                break digits.parse::<u16>().expect("a port");
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "baihoc exited ({status}) before serving:\n{out}\n{}",
                    stderr.lock().unwrap()
                );
            }
            assert!(start.elapsed() < PATIENCE, "no address printed:\n{out}");
            std::thread::sleep(Duration::from_millis(20));
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Running {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            stdout,
            stderr,
            rt,
        }
    }

    /// What it printed on stdout so far.
    pub(crate) fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// What it printed on stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr holds `text`.
    pub(crate) fn wait_stderr(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let err = self.stderr();
            if err.contains(text) {
                return err;
            }
            assert!(start.elapsed() < PATIENCE, "no `{text}` in stderr:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A request with headers; the body is read whole.
    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Res {
        self.rt.block_on(async {
            tokio::time::timeout(PATIENCE, send(self.addr, method, path, headers))
                .await
                .expect("a response in time")
        })
    }

    /// GET.
    pub(crate) fn get(&self, path: &str) -> Res {
        self.request("GET", path, &[])
    }

    /// Opens the live-reload event stream and reads its first event.
    pub(crate) fn events(&self) -> Events {
        let addr = self.addr;
        let body = self.rt.block_on(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let (mut tx, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .unwrap();
            tokio::spawn(conn);
            let req = hyper::Request::get("/__baihoc/events")
                .header("host", addr.to_string())
                .body(Empty::<Bytes>::new())
                .unwrap();
            let res = tx.send_request(req).await.unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["content-type"], "text/event-stream");
            // Keep the sender alive as long as the body.
            std::mem::forget(tx);
            res.into_body()
        });
        Events {
            body,
            buf: String::new(),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response.
pub(crate) struct Res {
    pub(crate) status: u16,
    pub(crate) headers: hyper::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Res {
    /// The body as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value ("" when absent).
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

/// One request on a new connection.
pub(crate) async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Res {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut tx, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = tx
        .send_request(req.body(Empty::<Bytes>::new()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    Res {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    }
}

/// Sends `request_line` as it is (no client normalises it) and returns the
/// whole answer as text.
pub(crate) fn raw(addr: SocketAddr, request_line: &str) -> String {
    raw_to_host(addr, request_line, "127.0.0.1")
}

/// [`raw`] with `host` as the request's `Host`.
pub(crate) fn raw_to_host(addr: SocketAddr, request_line: &str, host: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code of a raw answer.
pub(crate) fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

/// A server-sent event stream.
pub(crate) struct Events {
    body: Incoming,
    buf: String,
}

impl Events {
    /// The next named event within `within`: (name, parsed data).
    pub(crate) fn next(
        &mut self,
        rt: &tokio::runtime::Runtime,
        within: Duration,
    ) -> Option<(String, serde_json::Value)> {
        let deadline = Instant::now() + within;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut name = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(n) = line.strip_prefix("event:") {
                        name = Some(n.trim().to_string());
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push_str(d.trim_start());
                    }
                }
                if let Some(name) = name {
                    let value = serde_json::from_str(&data).expect("JSON data");
                    return Some((name, value));
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            let frame = rt.block_on(async { tokio::time::timeout(left, self.body.frame()).await });
            match frame {
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.buf.push_str(&String::from_utf8_lossy(&data));
                    }
                }
                Ok(_) => panic!("the event stream ended"),
                Err(_) => return None,
            }
        }
    }

    /// Waits for the event `name`, skipping others; panics after [`PATIENCE`].
    pub(crate) fn wait_for(
        &mut self,
        rt: &tokio::runtime::Runtime,
        name: &str,
    ) -> serde_json::Value {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(rt, left) {
                Some((n, data)) if n == name => return data,
                Some(other) => seen.push(other),
                None => panic!("no `{name}` event in time; saw {seen:?}"),
            }
        }
    }
}
