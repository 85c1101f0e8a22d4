//! A tiny HTTP/1.1 server on loopback for end-to-end tests: serves files that the test
//! may change while it runs (GET, with `Range: bytes=N-`), records POSTs (webhooks),
//! fails the first N requests to chosen paths with 500, and redirects chosen paths.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A request the server answered with success.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Path (without the leading `/`) to body; change it to change what is served.
    pub files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    /// Path to the number of requests to fail with 500 before succeeding.
    pub fail_first: Arc<Mutex<HashMap<String, u32>>>,
    /// Path to the number of requests received, failed or not.
    pub hits: Arc<Mutex<HashMap<String, u32>>>,
    /// POSTs answered with 200, in order.
    pub posts: Arc<Mutex<Vec<Received>>>,
    /// Path to the Location a request to it is redirected to (302).
    pub redirects: Arc<Mutex<HashMap<String, String>>>,
    /// Paths whose ranged answers carry a wrong Content-Range.
    pub bad_ranges: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn hits(&self, path: &str) -> u32 {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn set_file(&self, path: &str, body: Vec<u8>) {
        self.files.lock().unwrap().insert(path.to_string(), body);
    }
}

pub fn serve(files: HashMap<String, Vec<u8>>, fail_first: HashMap<String, u32>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = Server {
        base: format!("http://{}", listener.local_addr().unwrap()),
        files: Arc::new(Mutex::new(files)),
        fail_first: Arc::new(Mutex::new(fail_first)),
        hits: Arc::default(),
        posts: Arc::default(),
        redirects: Arc::default(),
        bad_ranges: Arc::default(),
    };
    let (files, fail_first, hits, posts, redirects, bad_ranges) = (
        server.files.clone(),
        server.fail_first.clone(),
        server.hits.clone(),
        server.posts.clone(),
        server.redirects.clone(),
        server.bad_ranges.clone(),
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Some(req) = read_request(&stream) else {
                continue;
            };
            let n = {
                let mut hits = hits.lock().unwrap();
                let n = hits.entry(req.path.clone()).or_default();
                *n += 1;
                *n
            };
            let mut stream = stream;
            if let Some(to) = redirects.lock().unwrap().get(&req.path).cloned() {
                let head = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes());
                continue;
            }
            if fail_first
                .lock()
                .unwrap()
                .get(&req.path)
                .is_some_and(|&k| n <= k)
            {
                reply(&mut stream, "500 Internal Server Error", b"try again");
                continue;
            }
            if req.method == "POST" {
                posts.lock().unwrap().push(req);
                reply(&mut stream, "200 OK", b"ok");
                continue;
            }
            let body = files.lock().unwrap().get(&req.path).cloned();
            let range_from = req
                .headers
                .get("range")
                .and_then(|v| v.strip_prefix("bytes="))
                .and_then(|v| v.trim_end_matches('-').parse::<usize>().ok());
            match (body, range_from) {
                (Some(body), Some(from)) if from < body.len() => {
                    let wrong = bad_ranges.lock().unwrap().contains(&req.path);
                    // A misbehaving server names a range that is not the one asked for.
                    let start = if wrong { 0 } else { from };
                    let range = format!("bytes {start}-{}/{}", body.len() - 1, body.len());
                    reply_with(
                        &mut stream,
                        "206 Partial Content",
                        &[("Content-Range", &range)],
                        &body[from..],
                    )
                }
                (Some(body), _) => reply(&mut stream, "200 OK", &body),
                (None, _) => reply(&mut stream, "404 Not Found", b"no such file"),
            }
        }
    });
    server
}

fn read_request(stream: &TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.trim_start_matches('/').to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}

fn reply(stream: &mut TcpStream, status: &str, body: &[u8]) {
    reply_with(stream, status, &[], body)
}

fn reply_with(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let head = format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}
