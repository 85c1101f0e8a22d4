//! The analyst's desk: the dashboard at `/`, one page per question (overview, dyad,
//! alerts, blocs, sanctions and entities, text), each view's state in its URL. Hand-written
//! HTML, CSS and JavaScript embedded in the binary (no CDN, no build step); the script
//! reads the JSON API and sets every outside string as text, never as HTML. The pages
//! hold no data, so they are served without the token; the API calls they make need it.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("desk/index.html");
const SCRIPT: &str = include_str!("desk/desk.js");
const STYLE: &str = include_str!("desk/desk.css");

/// The views; each serves the same page, whose script draws the view the path names.
pub(crate) const VIEWS: [&str; 8] = [
    "/",
    "/dyad",
    "/alerts",
    "/blocs",
    "/sanctions",
    "/entity",
    "/text",
    "/brief",
];

/// Scripts and styles only from this server; images also from blob: URLs (the charts,
/// fetched with the token); nothing framed.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// A file embedded in the binary, with its type, never sniffed; pages also get their
/// Content-Security-Policy.
pub(crate) fn asset(
    kind: &'static str,
    body: &'static str,
    policy: Option<&'static str>,
) -> Response {
    let mut resp = (
        [
            (header::CONTENT_TYPE, kind),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response();
    if let Some(p) = policy {
        resp.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(p),
        );
    }
    resp
}

pub(crate) async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE, Some(POLICY))
}

pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT, None)
}

pub(crate) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE, None)
}

/// Whether a path is one of the desk's pages or assets (served without the token).
pub(crate) fn is_public(path: &str) -> bool {
    VIEWS.contains(&path)
        || path.starts_with("/desk/")
        || path == "/api/docs"
        || path.starts_with("/api/docs/")
        || path == "/api/v1/openapi.json"
        || path == "/api/v1/health"
}
