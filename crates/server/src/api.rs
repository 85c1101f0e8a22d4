//! The routes, the guards every request passes (host, token, body size), parameter
//! parsing that names the parameter at fault, and JSON errors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State as Shared};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use sha2::{Digest, Sha256};
use vigil_model::Iso3;
use vigil_model::date::parse_iso;
use vigil_monitor::relations::{BlocQuery, Direction, DyadQuery, Freq, bloc_report, dyad_report};
use vigil_store::Store;

use crate::State;

/// The OpenAPI 3.1 document of the API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Default and largest page of a list.
const PAGE: usize = 100;
const MAX_PAGE: usize = 1000;

/// An error as the API answers it: `{"status", "code", "message", "parameter"?}`.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            parameter: None,
        }
    }

    fn param(name: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            parameter: Some(name.to_string()),
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", message)
        }
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::to_value(&self).unwrap_or_default();
        if let Some(o) = body.as_object_mut() {
            o.insert("status".into(), self.status.as_u16().into());
        }
        (self.status, axum::Json(body)).into_response()
    }
}

/// The routes of the API.
pub fn router(state: Arc<State>) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/dyad", get(dyad))
        .route("/api/v1/blocs", get(blocs))
        .route("/api/v1/alerts", get(alerts))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint; see /api/v1/openapi.json",
            )
        })
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// Refuses requests for another host (DNS rebinding), without the token when one is set,
/// or with a body over the limit; names the catalog revision on every answer.
async fn guard(Shared(state): Shared<Arc<State>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, &state) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "bad_host",
            format!("requests must be addressed to {} or localhost", state.bound),
        )
        .into_response();
    }
    if let Some(token) = state.config.token.as_deref() {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same_secret(given, token) {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this server needs Authorization: Bearer TOKEN",
            )
            .into_response();
        }
    }
    let too_big = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > state.config.max_body);
    if too_big {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!(
                "request bodies are limited to {} bytes",
                state.config.max_body
            ),
        )
        .into_response();
    }
    let mut resp = next.run(req).await;
    let revision = Store::open_read(&state.config.data_dir)
        .map(|s| s.catalog().revision())
        .unwrap_or_else(|_| "unreadable".into());
    if let Ok(v) = HeaderValue::from_str(&revision) {
        resp.headers_mut().insert("x-vigil-catalog", v);
    }
    resp
}

/// The bound address, or localhost / 127.0.0.1 / [::1] on the bound port (or none).
fn host_allowed(host: &str, state: &State) -> bool {
    let port = state.bound.port().to_string();
    let (name, p) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(']') || host.starts_with('[') => (n, Some(p)),
        _ => (host, None),
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    let port_ok = p.is_none_or(|p| p == port);
    let bound_ip = state.bound.ip().to_string();
    port_ok
        && (name.eq_ignore_ascii_case("localhost")
            || name == "127.0.0.1"
            || name == "::1"
            || name == bound_ip)
}

/// Constant-time comparison of two secrets (through their SHA-256, so the length of the
/// token leaks nothing either).
fn same_secret(given: &str, token: &str) -> bool {
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(token.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

type Params = Query<HashMap<String, String>>;

fn param<'p>(p: &'p HashMap<String, String>, name: &str) -> Option<&'p str> {
    p.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

fn day(p: &HashMap<String, String>, name: &str) -> Result<Option<i32>, ApiError> {
    param(p, name)
        .map(|v| {
            parse_iso(v)
                .ok_or_else(|| ApiError::param(name, format!("{v:?} is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

fn number<T: std::str::FromStr>(
    p: &HashMap<String, String>,
    name: &str,
    default: T,
) -> Result<T, ApiError> {
    match param(p, name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::param(name, format!("{v:?} is not a valid number"))),
    }
}

fn country(p: &HashMap<String, String>, name: &str) -> Result<Iso3, ApiError> {
    let v = param(p, name)
        .ok_or_else(|| ApiError::param(name, "required: an ISO 3166-1 alpha-3 country code"))?;
    v.parse::<Iso3>()
        .map_err(|e| ApiError::param(name, e.to_string()))
}

fn open(state: &State) -> Result<Store, ApiError> {
    Store::open_read(&state.config.data_dir).map_err(ApiError::internal)
}

async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({"status": "ok"}))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn stats(Shared(state): Shared<Arc<State>>) -> Result<Response, ApiError> {
    Ok(axum::Json(open(&state)?.stats()).into_response())
}

async fn dyad(Shared(state): Shared<Arc<State>>, Query(p): Params) -> Result<Response, ApiError> {
    let (a, b) = (country(&p, "a")?, country(&p, "b")?);
    let freq = match param(&p, "freq").unwrap_or("month") {
        "day" => Freq::Day,
        "week" => Freq::Week,
        "month" => Freq::Month,
        v => {
            return Err(ApiError::param(
                "freq",
                format!("{v:?} is not one of day, week, month"),
            ));
        }
    };
    let direction = match param(&p, "direction").unwrap_or("both") {
        "both" => Direction::Both,
        "ab" => Direction::AB,
        "ba" => Direction::BA,
        v => {
            return Err(ApiError::param(
                "direction",
                format!("{v:?} is not one of both, ab, ba"),
            ));
        }
    };
    let window: usize = number(&p, "anomaly_window", 6)?;
    if !(1..=1000).contains(&window) {
        return Err(ApiError::param("anomaly_window", "must be 1 to 1000"));
    }
    let threshold: f64 = number(&p, "anomaly_threshold", 3.5)?;
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(ApiError::param(
            "anomaly_threshold",
            "must be a positive number",
        ));
    }
    let format = param(&p, "format").unwrap_or("json");
    if !matches!(format, "json" | "csv") {
        return Err(ApiError::param(
            "format",
            format!("{format:?} is not one of json, csv"),
        ));
    }
    let (from, to) = (day(&p, "from")?, day(&p, "to")?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::param("from", "is after to"));
    }
    let q = DyadQuery {
        from,
        to,
        freq,
        direction,
        anomaly_window: window,
        anomaly_threshold: threshold,
        ..DyadQuery::new(a, b)
    };
    let store = open(&state)?;
    let report = dyad_report(&store, &q).await.map_err(ApiError::internal)?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_events",
            format!("the store has no events between {a} and {b}; give from and to to see an empty series"),
        )
    })?;
    if format == "csv" {
        let mut w = csv::Writer::from_writer(Vec::new());
        for point in &report.points {
            w.serialize(point).map_err(ApiError::internal)?;
        }
        let body = w.into_inner().map_err(ApiError::internal)?;
        return Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response());
    }
    Ok(axum::Json(report).into_response())
}

async fn blocs(Shared(state): Shared<Arc<State>>, Query(p): Params) -> Result<Response, ApiError> {
    let window = (day(&p, "from")?, day(&p, "to")?);
    let compare = match (param(&p, "compare_from"), param(&p, "compare_to")) {
        (None, None) => None,
        _ => Some((day(&p, "compare_from")?, day(&p, "compare_to")?)),
    };
    let q = BlocQuery {
        window,
        compare,
        min_events: number(&p, "min_events", 1)?,
    };
    let store = open(&state)?;
    let report = bloc_report(&store, &q).await.map_err(ApiError::internal)?;
    Ok(axum::Json(report).into_response())
}

const MONITORS: [&str; 5] = [
    "escalation",
    "sanctions",
    "collaboration",
    "proliferation",
    "alliances",
];

async fn alerts(Shared(state): Shared<Arc<State>>, Query(p): Params) -> Result<Response, ApiError> {
    let since = param(&p, "since");
    day(&p, "since")?;
    let monitor = param(&p, "monitor");
    if let Some(m) = monitor
        && !MONITORS.contains(&m)
    {
        return Err(ApiError::param(
            "monitor",
            format!("{m:?} is not one of {}", MONITORS.join(", ")),
        ));
    }
    let limit: usize = number(&p, "limit", PAGE)?;
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::param("limit", format!("must be 1 to {MAX_PAGE}")));
    }
    let cursor: usize = number(&p, "cursor", 0)?;
    let log = vigil_monitor::AlertLog::read(&state.config.data_dir).map_err(ApiError::internal)?;
    let all = log.list(since, monitor);
    let page: Vec<serde_json::Value> = all
        .iter()
        .skip(cursor)
        .take(limit)
        .map(|a| a.public_json())
        .collect();
    let next = (cursor + page.len() < all.len()).then(|| (cursor + page.len()).to_string());
    let mut resp = axum::Json(page).into_response();
    if let Some(n) = next
        && let Ok(v) = HeaderValue::from_str(&n)
    {
        resp.headers_mut().insert("x-next-cursor", v);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(addr: &str) -> State {
        State {
            config: crate::ServeConfig {
                data_dir: "/nonexistent".into(),
                addr: addr.parse().unwrap(),
                token: None,
                max_body: 1024,
            },
            bound: addr.parse().unwrap(),
        }
    }

    #[test]
    fn hosts_other_than_the_bound_address_and_localhost_are_refused() {
        let s = state("127.0.0.1:8080");
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
        ] {
            assert!(host_allowed(ok, &s), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:9999",
            "",
            "attacker.localhost.example",
        ] {
            assert!(!host_allowed(bad, &s), "{bad}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(!same_secret("s3cre", "s3cret"));
        assert!(!same_secret("", "s3cret"));
    }

    #[test]
    fn the_openapi_document_is_json_and_lists_every_route() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in [
            "/api/v1/health",
            "/api/v1/stats",
            "/api/v1/dyad",
            "/api/v1/blocs",
            "/api/v1/alerts",
            "/api/v1/openapi.json",
        ] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
    }
}
