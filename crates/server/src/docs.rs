//! `/api/docs`: a page that lists every operation of the OpenAPI document, with its
//! parameters and answers, and can call each one from the browser. Everything is served
//! from the binary (no CDN); the page's script renders untrusted text only as text.

use axum::response::Response;

const PAGE: &str = include_str!("docs/index.html");
const SCRIPT: &str = include_str!("docs/docs.js");

/// Scripts only from this server, no inline script, nothing framed.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

pub(crate) async fn page() -> Response {
    crate::desk::asset("text/html; charset=utf-8", PAGE, Some(POLICY))
}

pub(crate) async fn script() -> Response {
    crate::desk::asset("text/javascript; charset=utf-8", SCRIPT, None)
}
