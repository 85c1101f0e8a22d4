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

pub(crate) async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        PAGE,
    )
        .into_response()
}

pub(crate) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SCRIPT,
    )
        .into_response()
}

pub(crate) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        STYLE,
    )
        .into_response()
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
