//! The routes, the guards every request passes (host, token, body size), parameter
//! parsing that names the parameter at fault, and JSON errors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Request, State as Shared};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
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
pub(crate) const PAGE: usize = 100;
pub(crate) const MAX_PAGE: usize = 1000;

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
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            parameter: None,
        }
    }

    pub(crate) fn param(name: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            parameter: Some(name.to_string()),
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", message)
        }
    }

    /// A range too long to answer is the caller's (400 naming `to`); anything else ours.
    pub(crate) fn from_range(e: vigil_monitor::MonitorError) -> ApiError {
        match e {
            vigil_monitor::MonitorError::Range(m) => ApiError::param("to", m),
            e => ApiError::internal(e),
        }
    }

    pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
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
    let mut desk = Router::new();
    for view in crate::desk::VIEWS {
        desk = desk.route(view, get(crate::desk::page));
    }
    desk.route("/desk/desk.js", get(crate::desk::script))
        .route("/desk/desk.css", get(crate::desk::style))
        .route("/api/v1/health", get(health))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/dyad", get(dyad))
        .route("/api/v1/blocs", get(blocs))
        .route("/api/v1/alerts", get(alerts))
        .route("/api/v1/alerts/stream", get(crate::stream::alerts))
        .route("/api/v1/events", get(events))
        .route("/api/v1/overview", get(overview))
        .route("/api/v1/brief", get(brief))
        .route("/api/v1/backtest", get(backtest))
        .route(
            "/api/v1/screen",
            get(crate::lists::screen_one).post(crate::lists::screen_many),
        )
        .route("/api/v1/match", post(crate::lists::match_many))
        .route("/api/v1/entities/{id}", get(crate::lists::entity))
        .route("/api/v1/entities/{id}/links", get(crate::lists::links))
        .route("/api/v1/entities/{id}/events", get(crate::lists::events))
        .route("/api/v1/code", post(code))
        .route("/api/docs", get(crate::docs::page))
        .route("/api/docs/docs.js", get(crate::docs::script))
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
    if let Some(token) = state.config.token.as_deref()
        && !crate::desk::is_public(req.uri().path())
    {
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
    // The catalog as it is now is the one this request answers from, whatever is
    // committed while it runs.
    let store = match Store::open_read(&state.config.data_dir) {
        Ok(s) => {
            let s = s.with_runtime(state.runtime.clone());
            Arc::new(match &state.config.engine {
                Some(engine) => s.with_engine(engine.clone()),
                None => s,
            })
        }
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let revision = store.catalog().revision();
    let mut req = req;
    req.extensions_mut().insert(store);
    let mut resp = next.run(req).await;
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

/// The query string's parameters. Stricter than a plain map: a parameter given twice, or
/// whose value is not UTF-8 once decoded, is a 400 naming it.
pub(crate) struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Params, ApiError> {
        parse_query(parts.uri.query().unwrap_or("")).map(Params)
    }
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte.
fn decode(s: &str) -> Result<String, ()> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                    .ok_or(())?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ())
}

fn parse_query(q: &str) -> Result<HashMap<String, String>, ApiError> {
    let mut out = HashMap::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k).map_err(|_| {
            ApiError::param(
                &String::from_utf8_lossy(k.as_bytes()),
                "the parameter's name is not valid percent-encoded UTF-8",
            )
        })?;
        let value = decode(v)
            .map_err(|_| ApiError::param(&key, "the value is not valid percent-encoded UTF-8"))?;
        if value.is_empty() {
            return Err(ApiError::param(
                &key,
                "empty: give a value, or leave the parameter out for its default",
            ));
        }
        if out.insert(key.clone(), value).is_some() {
            return Err(ApiError::param(&key, "given more than once"));
        }
    }
    Ok(out)
}

/// The store as the request found it.
pub(crate) type Snapshot = Extension<Arc<Store>>;

pub(crate) fn param<'p>(p: &'p HashMap<String, String>, name: &str) -> Option<&'p str> {
    p.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

pub(crate) fn day(p: &HashMap<String, String>, name: &str) -> Result<Option<i32>, ApiError> {
    param(p, name)
        .map(|v| {
            parse_iso(v)
                .ok_or_else(|| ApiError::param(name, format!("{v:?} is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

pub(crate) fn number<T: std::str::FromStr>(
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

/// An integer parameter within `range` (the document states the same bounds).
pub(crate) fn int_in(
    p: &HashMap<String, String>,
    name: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, ApiError> {
    let v: usize = number(p, name, default)?;
    if !range.contains(&v) {
        return Err(ApiError::param(
            name,
            format!("must be {} to {}", range.start(), range.end()),
        ));
    }
    Ok(v)
}

/// Where a page starts in a list paged by position.
pub(crate) const MAX_OFFSET: usize = 1_000_000_000;

pub(crate) fn country(p: &HashMap<String, String>, name: &str) -> Result<Iso3, ApiError> {
    let v = param(p, name)
        .ok_or_else(|| ApiError::param(name, "required: an ISO 3166-1 alpha-3 country code"))?;
    iso3(name, v)
}

/// An ISO 3166-1 alpha-3 code as the document lists them: upper case, known.
pub(crate) fn iso3(name: &str, v: &str) -> Result<Iso3, ApiError> {
    if v.bytes().any(|b| b.is_ascii_lowercase()) {
        return Err(ApiError::param(
            name,
            format!("{v:?}: country codes are upper case (e.g. PRK)"),
        ));
    }
    v.parse::<Iso3>()
        .map_err(|e| ApiError::param(name, e.to_string()))
}

async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({"status": "ok"}))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], document()).into_response()
}

/// The OpenAPI document with the country codes vigil knows filled in (so a client, or a
/// fuzzer, can tell a valid code from an invalid one without guessing).
pub fn document() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc: serde_json::Value =
            serde_json::from_str(OPENAPI).expect("the OpenAPI document is JSON");
        let countries = vigil_model::countries::all();
        let iso3: Vec<&str> = countries.iter().map(|c| c.iso3).collect();
        let iso2: Vec<&str> = countries
            .iter()
            .map(|c| c.iso2)
            .filter(|c| !c.is_empty())
            .collect();
        let schemas = &mut doc["components"]["schemas"];
        schemas["Iso3"]["enum"] = iso3.clone().into();
        let mut codes = iso3.clone();
        codes.extend(&iso2);
        schemas["CountryCode"]["enum"] = codes.into();
        let alt = iso3.join("|");
        schemas["Dyad"]["pattern"] = format!("^({alt}),({alt})$").into();
        serde_json::to_string_pretty(&doc).expect("the document serialises")
    })
}

async fn stats(Extension(store): Snapshot) -> Result<Response, ApiError> {
    Ok(axum::Json(store.stats()).into_response())
}

async fn dyad(
    Shared(state): Shared<Arc<State>>,
    Extension(store): Snapshot,
    Params(p): Params,
) -> Result<Response, ApiError> {
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
    let window = int_in(&p, "anomaly_window", 6, 1..=1000)?;
    let threshold: f64 = number(&p, "anomaly_threshold", 3.5)?;
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(ApiError::param(
            "anomaly_threshold",
            "must be a positive number",
        ));
    }
    let format = format(&p, &["json", "csv", "svg"])?;
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
        sources: sources(&p)?,
        ..DyadQuery::new(a, b)
    };
    // Kept per catalog revision and query: JSON, chart and CSV of one dyad are one
    // computation, and so are many readers of the same dyad.
    let key = format!(
        "{}|{a}|{b}|{from:?}|{to:?}|{:?}|{:?}|{window}|{threshold}|{}|{:?}",
        store.catalog().revision(),
        q.freq,
        q.direction,
        q.evidence_per_anomaly,
        q.sources
    );
    let kept = state
        .dyads
        .get_or_try(&key, async || dyad_report(&store, &q).await)
        .await
        .map_err(ApiError::from_range)?;
    let report = kept.as_ref().as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_events",
            format!("the store has no events between {a} and {b}; give from and to to see an empty series"),
        )
    })?;
    if format == "svg" {
        return Ok(svg_response(report.chart()));
    }
    if format == "csv" {
        let mut w = csv::Writer::from_writer(Vec::new());
        for point in &report.points {
            w.serialize(point).map_err(ApiError::internal)?;
        }
        let body = w.into_inner().map_err(ApiError::internal)?;
        return Ok(csv_response(body));
    }
    Ok(axum::Json(report).into_response())
}

/// Whether `format` asks for CSV (else JSON); anything else is a 400.
fn csv_wanted(p: &HashMap<String, String>) -> Result<bool, ApiError> {
    Ok(format(p, &["json", "csv"])? == "csv")
}

/// The `format` asked for, one of `allowed` (the first by default).
fn format<'a>(p: &HashMap<String, String>, allowed: &[&'a str]) -> Result<&'a str, ApiError> {
    let v = param(p, "format").unwrap_or(allowed[0]);
    allowed.iter().find(|a| **a == v).copied().ok_or_else(|| {
        ApiError::param(
            "format",
            format!("{v:?} is not one of {}", allowed.join(", ")),
        )
    })
}

/// An SVG chart vigil drew (its text escaped), sandboxed should it be opened directly.
fn svg_response(svg: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        svg,
    )
        .into_response()
}

fn csv_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response()
}

/// A page size: `limit`, 1 to [`MAX_PAGE`], [`PAGE`] when absent.
pub(crate) fn page_size(p: &HashMap<String, String>) -> Result<usize, ApiError> {
    int_in(p, "limit", PAGE, 1..=MAX_PAGE)
}

/// `true` or `false` (absent: `false`).
pub(crate) fn flag(p: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match param(p, name) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(v) => Err(ApiError::param(name, format!("{v:?} is not true or false"))),
    }
}

/// Adds the cursor of the next page, when there is one.
pub(crate) fn with_next(mut resp: Response, next: Option<String>) -> Response {
    if let Some(n) = next
        && let Ok(v) = HeaderValue::from_str(&n)
    {
        resp.headers_mut().insert("x-next-cursor", v);
    }
    resp
}

async fn events(
    Shared(state): Shared<Arc<State>>,
    Extension(store): Snapshot,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let code = |name: &str| -> Result<Option<String>, ApiError> {
        param(&p, name)
            .map(|v| iso3(name, v).map(|c| c.to_string()))
            .transpose()
    };
    let (actor1, actor2) = (code("actor1")?, code("actor2")?);
    let dyad = param(&p, "dyad")
        .map(|v| {
            let bad = || ApiError::param("dyad", format!("{v:?} is not two country codes, A,B"));
            let (a, b) = v.split_once(',').ok_or_else(bad)?;
            let a = iso3("dyad", a).map_err(|_| bad())?;
            let b = iso3("dyad", b).map_err(|_| bad())?;
            Ok::<_, ApiError>((a.to_string(), b.to_string()))
        })
        .transpose()?;
    let (from, to) = (day(&p, "from")?, day(&p, "to")?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::param("from", "is after to"));
    }
    let event_code = param(&p, "code").map(str::to_string);
    if let Some(c) = &event_code
        && (c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ApiError::param(
            "code",
            format!("{c:?} is not a CAMEO code prefix (1 to 4 digits, e.g. 19 or 0312)"),
        ));
    }
    let quad: Option<u8> = param(&p, "quad")
        .map(|v| {
            v.parse::<u8>()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| {
                    ApiError::param("quad", format!("{v:?} is not a quad class, 1 to 4"))
                })
        })
        .transpose()?;
    let sources: Vec<String> = sources(&p)?
        .into_iter()
        .map(|s| s.name().to_string())
        .collect();
    let limit = page_size(&p)?;
    let after = param(&p, "cursor")
        .map(|c| {
            c.parse::<vigil_store::query::EventCursor>()
                .map_err(|e| ApiError::param("cursor", e))
        })
        .transpose()?;
    let sanctioned = flag(&p, "sanctioned")?;
    let csv = csv_wanted(&p)?;
    let filter = vigil_store::query::EventFilter {
        actor1,
        actor2,
        dyad,
        from: from.map(vigil_model::date::format_iso),
        to: to.map(vigil_model::date::format_iso),
        code: event_code,
        quad,
        sources,
        limit: Some(limit),
    };
    if flag(&p, "clusters")? {
        if after.is_some() || sanctioned {
            return Err(ApiError::param(
                "clusters",
                "cannot be combined with cursor or sanctioned",
            ));
        }
        let page = store
            .event_clusters(&filter)
            .await
            .map_err(ApiError::internal)?;
        let batches = std::slice::from_ref(&page.batch);
        let mut resp = if csv {
            let mut body = Vec::new();
            vigil_store::render::write_csv(batches, &mut body).map_err(ApiError::internal)?;
            csv_response(body)
        } else {
            let rows = vigil_store::render::json_rows(batches).map_err(ApiError::internal)?;
            axum::Json(rows).into_response()
        };
        for (name, n) in [
            ("x-total-events", page.rows),
            ("x-total-clusters", page.clusters),
        ] {
            resp.headers_mut().insert(name, HeaderValue::from(n));
        }
        return Ok(resp);
    }
    let page = store
        .events(&filter, after.as_ref())
        .await
        .map_err(ApiError::internal)?;
    let mut batches = page.batches;
    if sanctioned {
        let ix = state.lists.index(&state.config.data_dir)?;
        batches =
            vigil_monitor::screening::flag_events(&ix, batches).map_err(ApiError::internal)?;
    }
    let next = page.next.map(|c| c.to_string());
    let resp = if csv {
        let mut body = Vec::new();
        vigil_store::render::write_csv(&batches, &mut body).map_err(ApiError::internal)?;
        csv_response(body)
    } else {
        let rows = vigil_store::render::json_rows(&batches).map_err(ApiError::internal)?;
        axum::Json(rows).into_response()
    };
    Ok(with_next(resp, next))
}

/// The five monitors at a glance: the watchlist evaluated over the store (for the
/// series) and the stored alerts, on each call.
async fn overview(
    Shared(state): Shared<Arc<State>>,
    Extension(store): Snapshot,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let latest = int_in(&p, "latest", 5, 1..=100)?;
    let o = vigil_monitor::overview::overview(&store, &state.config.data_dir, latest)
        .await
        .map_err(ApiError::internal)?;
    Ok(axum::Json(o).into_response())
}

/// The brief of a week (`week=2024-W25`) or of `from`..`to` (default: the seven days
/// ending with the newest event): self-contained HTML (what `vigil brief` writes), its
/// Markdown, or its figures as JSON.
async fn brief(
    Shared(state): Shared<Arc<State>>,
    Extension(store): Snapshot,
    Params(p): Params,
) -> Result<Response, ApiError> {
    use vigil_monitor::brief;
    let format = format(&p, &["html", "md", "json"])?;
    let (from, to) = (day(&p, "from")?, day(&p, "to")?);
    let period = match (param(&p, "week"), from, to) {
        (Some(w), None, None) => brief::iso_week(w).ok_or_else(|| {
            ApiError::param("week", format!("{w:?} is not an ISO week (e.g. 2024-W25)"))
        })?,
        (Some(_), _, _) => {
            return Err(ApiError::param(
                "week",
                "give week, or from and to, not both",
            ));
        }
        (None, Some(f), Some(t)) if f <= t => (f, t),
        (None, Some(_), Some(_)) => return Err(ApiError::param("from", "is after to")),
        (None, Some(_), None) => return Err(ApiError::param("to", "required with from")),
        (None, None, Some(_)) => return Err(ApiError::param("from", "required with to")),
        (None, None, None) => brief::default_period(&store)
            .await
            .map_err(ApiError::internal)?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "no_events",
                    "the store holds no events",
                )
            })?,
    };
    let b = brief::build(&store, &state.config.data_dir, None, period.0, period.1)
        .await
        .map_err(ApiError::from_range)?;
    Ok(match format {
        "json" => axum::Json(b).into_response(),
        "md" => (
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            b.markdown("brief"),
        )
            .into_response(),
        _ => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                ),
            ],
            b.html(),
        )
            .into_response(),
    })
}

async fn backtest(
    Extension(store): Snapshot,
    Shared(state): Shared<Arc<State>>,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let tolerance = int_in(&p, "tolerance", 14, 0..=365)? as i32;
    let (cfg, _) = vigil_monitor::Config::in_force(&state.config.data_dir, None)
        .map_err(ApiError::internal)?;
    let (episodes, _) = vigil_monitor::backtest::shipped_episodes();
    let mode = if flag(&p, "replay")? {
        vigil_monitor::engine::Mode::Replay
    } else {
        vigil_monitor::engine::Mode::Retrospective
    };
    let b = vigil_monitor::backtest::run(&store, &cfg, &episodes, tolerance, mode)
        .await
        .map_err(ApiError::internal)?;
    Ok(axum::Json(b).into_response())
}

/// The body of `POST /api/v1/code`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRequest {
    text: String,
    date: Option<String>,
    url: Option<String>,
    id: Option<String>,
    #[serde(default)]
    no_hedged: bool,
    #[serde(default)]
    min_confidence: f32,
}

async fn code(
    Shared(state): Shared<Arc<State>>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let req: CodeRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::param(
            "body",
            format!("not a JSON object with `text` (and optionally `date`, `url`, `id`, `no_hedged`, `min_confidence`): {e}"),
        )
    })?;
    let date = match req.date.as_deref() {
        Some(d) => parse_iso(d)
            .ok_or_else(|| ApiError::param("date", format!("{d:?} is not a date (YYYY-MM-DD)")))?,
        None => vigil_model::date::today(),
    };
    if !(0.0..=1.0).contains(&req.min_confidence) {
        return Err(ApiError::param("min_confidence", "must be 0 to 1"));
    }
    let doc = vigil_coder::input::Document::text(
        req.id.as_deref().unwrap_or("request"),
        "request",
        req.text,
        Some(date),
        req.url,
    );
    let coder = state
        .coder
        .get_or_init(|| vigil_coder::Coder::new(vigil_coder::Dictionaries::builtin()));
    let coded = coder.code_documents(
        std::slice::from_ref(&doc),
        vigil_coder::report::Keep {
            no_hedged: req.no_hedged,
            min_confidence: req.min_confidence,
        },
    );
    let index = state.lists.index(&state.config.data_dir).ok();
    let out: Vec<vigil_coder::report::EventReport> = coded
        .events
        .iter()
        .map(|(_, e)| {
            vigil_coder::report::EventReport::new(&doc, e, |s| {
                index
                    .as_ref()
                    .map(|ix| ix.listed_captions(s))
                    .unwrap_or_default()
            })
        })
        .collect();
    Ok(axum::Json(out).into_response())
}

/// `sources`: a comma-separated choice of sources (none: all).
fn sources(p: &HashMap<String, String>) -> Result<Vec<vigil_model::Source>, ApiError> {
    let Some(v) = param(p, "sources") else {
        return Ok(Vec::new());
    };
    v.split(',')
        .map(|s| {
            vigil_model::Source::from_name(s.trim()).ok_or_else(|| {
                ApiError::param(
                    "sources",
                    format!(
                        "{s:?} is not a source (gdelt1, gdelt2, icews, acled, polecat, curated, text)"
                    ),
                )
            })
        })
        .collect()
}

async fn blocs(Extension(store): Snapshot, Params(p): Params) -> Result<Response, ApiError> {
    let window = (day(&p, "from")?, day(&p, "to")?);
    let compare = match (param(&p, "compare_from"), param(&p, "compare_to")) {
        (None, None) => None,
        _ => Some((day(&p, "compare_from")?, day(&p, "compare_to")?)),
    };
    let q = BlocQuery {
        window,
        compare,
        min_events: int_in(&p, "min_events", 1, 1..=1_000_000_000)? as u64,
        sources: sources(&p)?,
    };
    let svg = format(&p, &["json", "svg"])? == "svg";
    let report = bloc_report(&store, &q).await.map_err(ApiError::internal)?;
    if svg {
        let window = format!(
            "{} to {}",
            param(&p, "from").unwrap_or("first event"),
            param(&p, "to").unwrap_or("last event")
        );
        return Ok(svg_response(report.chart(&window)));
    }
    Ok(axum::Json(report).into_response())
}

pub(crate) use vigil_monitor::overview::MONITORS;

async fn alerts(
    Shared(state): Shared<Arc<State>>,
    Params(p): Params,
) -> Result<Response, ApiError> {
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
    let limit = page_size(&p)?;
    let cursor = int_in(&p, "cursor", 0, 0..=MAX_OFFSET)?;
    let log = vigil_monitor::AlertLog::read(&state.config.data_dir).map_err(ApiError::internal)?;
    let all = log.list(since, monitor);
    let page: Vec<serde_json::Value> = all
        .iter()
        .skip(cursor)
        .take(limit)
        .map(|a| a.public_json())
        .collect();
    let next = (cursor + page.len() < all.len()).then(|| (cursor + page.len()).to_string());
    Ok(with_next(axum::Json(page).into_response(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(addr: &str) -> State {
        let config = crate::ServeConfig {
            addr: addr.parse().unwrap(),
            max_body: 1024,
            ..crate::ServeConfig::new("/nonexistent".into())
        };
        State::new(config, addr.parse().unwrap()).unwrap()
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
    fn query_strings_decode_strictly() {
        let p = parse_query("name=Kim+Jong%20Un&a=PRK").unwrap();
        assert_eq!(p["name"], "Kim Jong Un");
        for (bad, named) in [
            ("a=PRK&empty=", "empty"),
            ("a=PRK&a=RUS", "a"),
            ("name=%FF", "name"),
            ("x=%4", "x"),
            ("y=%+1", "y"),
        ] {
            let e = parse_query(bad).unwrap_err();
            assert_eq!(e.parameter.as_deref(), Some(named), "{bad}");
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
