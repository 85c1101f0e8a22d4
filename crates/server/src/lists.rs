//! Screening, entities and their links, over the loaded sanctions lists. The index is
//! built once and rebuilt only when the loaded lists change.

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, State as Shared};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vigil_sanctions::entity::{Kind, country_code, partial_date_ok};
use vigil_sanctions::exposure::Exposure;
use vigil_sanctions::graph::{Graph, Neighbourhood};
use vigil_sanctions::index::{Index, Query as NameQuery, Screened};

use crate::State;
use crate::api::{
    ApiError, MAX_OFFSET, MAX_PAGE, Params, int_in, number, page_size, param, with_next,
};

/// The 50 percent rule computed over an index, and on which day.
type KeptExposure = (Arc<Index>, String, Arc<Exposure>);

/// The index of the lists loaded when it was built, and which lists those were; and the
/// 50 percent rule computed over that index.
#[derive(Default)]
pub(crate) struct Cached(
    Mutex<Option<(String, Arc<Index>)>>,
    Mutex<Option<KeptExposure>>,
);

impl Cached {
    /// The index of the lists loaded now (built when they changed since the last call).
    pub(crate) fn index(&self, data_dir: &Path) -> Result<Arc<Index>, ApiError> {
        let catalog = vigil_sanctions::lists::catalog(data_dir).map_err(ApiError::internal)?;
        if catalog.inputs.is_empty() {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "no_lists",
                "no sanctions lists are loaded; load some with `vigil sanctions load PATH...`",
            ));
        }
        let key: String = catalog
            .inputs
            .iter()
            .map(|i| i.hash.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, ix)) = slot.as_ref()
            && *k == key
        {
            return Ok(ix.clone());
        }
        let ix =
            Arc::new(vigil_sanctions::lists::open_index(data_dir).map_err(ApiError::internal)?);
        *slot = Some((key, ix.clone()));
        Ok(ix)
    }

    /// OFAC's 50 percent rule over `ix` as of `today`, computed once per index and day.
    fn exposure(&self, ix: &Arc<Index>, today: &str) -> Arc<Exposure> {
        let mut slot = self.1.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((kept, day, x)) = slot.as_ref()
            && Arc::ptr_eq(kept, ix)
            && day == today
        {
            return x.clone();
        }
        let x = Arc::new(vigil_sanctions::exposure::compute(ix, today));
        *slot = Some((ix.clone(), today.to_string(), x.clone()));
        x
    }
}

const MAX_MATCHES: usize = 100;

/// One query as the API takes it, in the query string or in a POST body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QueryIn {
    name: String,
    schema: Option<String>,
    birth_date: Option<String>,
    country: Option<String>,
    id: Option<String>,
}

/// Checks a query; errors name the field as `prefix` + field.
fn query(q: QueryIn, prefix: &str) -> Result<NameQuery, ApiError> {
    let at = |f: &str| format!("{prefix}{f}");
    // A name of spaces or punctuation only is screened, and matches nothing.
    if q.name.is_empty() {
        return Err(ApiError::param(&at("name"), "required: the name to screen"));
    }
    if q.name.len() > 1000 {
        return Err(ApiError::param(&at("name"), "longer than 1000 bytes"));
    }
    for (field, v) in [
        ("schema", &q.schema),
        ("birth_date", &q.birth_date),
        ("country", &q.country),
        ("id", &q.id),
    ] {
        if v.as_deref().is_some_and(str::is_empty) {
            return Err(ApiError::param(
                &at(field),
                "empty: give a value, or leave the field out",
            ));
        }
    }
    let kind = match q.schema.as_deref() {
        None | Some("any") => None,
        Some("person") => Some(Kind::Person),
        Some("company") => Some(Kind::Company),
        Some("vessel") => Some(Kind::Vessel),
        Some("airplane") => Some(Kind::Airplane),
        Some(v) => {
            return Err(ApiError::param(
                &at("schema"),
                format!("{v:?} is not one of person, company, vessel, airplane, any"),
            ));
        }
    };
    if let Some(d) = q.birth_date.as_deref()
        && !partial_date_ok(d)
    {
        return Err(ApiError::param(
            &at("birth_date"),
            format!("{d:?} is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ));
    }
    let country = q
        .country
        .as_deref()
        .map(|c| {
            country_code(c).ok_or_else(|| {
                ApiError::param(
                    &at("country"),
                    format!("{c:?} is not a country vigil knows"),
                )
            })
        })
        .transpose()?;
    Ok(NameQuery {
        name: q.name,
        kind,
        birth_date: q.birth_date,
        country,
        identifier: q.id,
    })
}

/// The threshold (0–1) and the most matches per name: an integer (JSON Schema counts 5.0
/// as one), 1 to [`MAX_MATCHES`].
fn threshold_and_limit(
    threshold: Option<f64>,
    limit: Option<f64>,
) -> Result<(f64, usize), ApiError> {
    let t = threshold.unwrap_or(0.8);
    if !(0.0..=1.0).contains(&t) {
        return Err(ApiError::param("threshold", "must be 0 to 1"));
    }
    let l = limit.unwrap_or(5.0);
    if l.fract() != 0.0 || !(1.0..=MAX_MATCHES as f64).contains(&l) {
        return Err(ApiError::param(
            "limit",
            format!("must be a whole number, 1 to {MAX_MATCHES}"),
        ));
    }
    Ok((t, l as usize))
}

/// Screens each query and annotates its matches as `vigil screen` does (blocked by
/// ownership, cleared).
fn screen_all(
    ix: &Index,
    context: &vigil_sanctions::lists::ScreenContext,
    queries: Vec<NameQuery>,
    threshold: f64,
    limit: usize,
) -> Vec<Screened> {
    queries
        .into_iter()
        .map(|q| {
            let mut matches = ix.screen(&q, threshold, limit);
            context.annotate(ix, &q.name, &mut matches);
            Screened {
                query: q.name,
                matches,
            }
        })
        .collect()
}

/// The screening context of the data directory as of today.
fn context(
    state: &State,
    ix: &Arc<Index>,
) -> Result<vigil_sanctions::lists::ScreenContext, ApiError> {
    let today = vigil_model::date::format_iso(vigil_model::date::today());
    let exposure = state.lists.exposure(ix, &today);
    vigil_sanctions::lists::ScreenContext::with(&state.config.data_dir, exposure)
        .map_err(ApiError::internal)
}

/// `GET /api/v1/screen?name=...`: one name, answered as `vigil screen NAME --format json`.
pub(crate) async fn screen_one(
    Shared(state): Shared<Arc<State>>,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let owned = |n: &str| param(&p, n).map(str::to_string);
    let q = query(
        QueryIn {
            name: owned("name").unwrap_or_default(),
            schema: owned("schema"),
            birth_date: owned("birth_date"),
            country: owned("country"),
            id: owned("id"),
        },
        "",
    )?;
    let threshold: f64 = number(&p, "threshold", 0.8)?;
    let limit: f64 = number(&p, "limit", 5.0)?;
    let (threshold, limit) = threshold_and_limit(Some(threshold), Some(limit))?;
    let ix = state.lists.index(&state.config.data_dir)?;
    let state = state.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Vec<Screened>, ApiError> {
        let context = context(&state, &ix)?;
        Ok(screen_all(&ix, &context, vec![q], threshold, limit))
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(axum::Json(out).into_response())
}

/// The body of `POST /api/v1/screen`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScreenRequest {
    queries: Vec<QueryIn>,
    threshold: Option<f64>,
    limit: Option<f64>,
}

/// `POST /api/v1/screen`: many records at once, in order.
pub(crate) async fn screen_many(
    Shared(state): Shared<Arc<State>>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let req: ScreenRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::param(
            "body",
            format!("not a JSON object {{\"queries\": [{{\"name\": ...}}], \"threshold\"?, \"limit\"?}}: {e}"),
        )
    })?;
    if req.queries.is_empty() || req.queries.len() > MAX_PAGE {
        return Err(ApiError::param(
            "queries",
            format!("give 1 to {MAX_PAGE} queries per request"),
        ));
    }
    let (threshold, limit) = threshold_and_limit(req.threshold, req.limit)?;
    let queries = req
        .queries
        .into_iter()
        .enumerate()
        .map(|(i, q)| query(q, &format!("queries[{i}].")))
        .collect::<Result<Vec<_>, _>>()?;
    let ix = state.lists.index(&state.config.data_dir)?;
    let state = state.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Vec<Screened>, ApiError> {
        let context = context(&state, &ix)?;
        Ok(screen_all(&ix, &context, queries, threshold, limit))
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(axum::Json(out).into_response())
}

/// The body of `POST /api/v1/match`: FollowTheMoney entities.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchRequest {
    records: Vec<serde_json::Value>,
    threshold: Option<f64>,
    limit: Option<f64>,
}

/// One record matched, as `POST /api/v1/match` answers it.
#[derive(Debug, serde::Serialize)]
struct MatchedRecord {
    id: String,
    caption: String,
    schema: String,
    matches: Vec<vigil_sanctions::index::Match>,
}

/// `POST /api/v1/match`: whole records (FtM entities) against the loaded lists, each
/// candidate with every feature's contribution, as `vigil match` gives them.
pub(crate) async fn match_many(
    Shared(state): Shared<Arc<State>>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let req: MatchRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::param(
            "body",
            format!("not a JSON object {{\"records\": [FtM entity, ...], \"threshold\"?, \"limit\"?}}: {e}"),
        )
    })?;
    if req.records.is_empty() || req.records.len() > MAX_PAGE {
        return Err(ApiError::param(
            "records",
            format!("give 1 to {MAX_PAGE} records per request"),
        ));
    }
    let (threshold, limit) = threshold_and_limit(req.threshold, req.limit)?;
    let records = req
        .records
        .iter()
        .enumerate()
        .map(|(i, v)| {
            vigil_sanctions::matching::entity_of(v)
                .map_err(|m| ApiError::param(&format!("records[{i}]"), m))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let ix = state.lists.index(&state.config.data_dir)?;
    let state = state.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Vec<MatchedRecord>, ApiError> {
        let context = context(&state, &ix)?;
        Ok(records
            .into_iter()
            .map(|e| {
                let mut matches = ix.match_entity(&e, threshold, limit);
                context.annotate(&ix, &e.caption, &mut matches);
                MatchedRecord {
                    id: e.id,
                    caption: e.caption,
                    schema: e.schema,
                    matches,
                }
            })
            .collect())
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(axum::Json(out).into_response())
}

fn unknown(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_entity",
        format!("no entity {id:?} in the loaded lists (ids are shown by screening)"),
    )
}

/// `GET /api/v1/entities/{id}`: the entity as its list gives it.
pub(crate) async fn entity(
    Shared(state): Shared<Arc<State>>,
    id: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, ApiError> {
    let UrlPath(id) = id.map_err(|e| ApiError::param("id", e.body_text()))?;
    let ix = state.lists.index(&state.config.data_dir)?;
    let e = ix.get(&id).ok_or_else(|| unknown(&id))?;
    Ok(axum::Json(e).into_response())
}

/// `GET /api/v1/entities/{id}/links?depth=&limit=&cursor=`: the links around an entity,
/// breadth-first, a page at a time (`X-Next-Cursor`, `X-Total-Count`); all pages together
/// are `vigil links ID --depth N --format json`.
pub(crate) async fn links(
    Shared(state): Shared<Arc<State>>,
    id: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let UrlPath(id) = id.map_err(|e| ApiError::param("id", e.body_text()))?;
    let depth = int_in(&p, "depth", 2, 1..=6)?;
    let limit = page_size(&p)?;
    let cursor = int_in(&p, "cursor", 0, 0..=MAX_OFFSET)?;
    let ix = state.lists.index(&state.config.data_dir)?;
    let g = Graph::new(&ix);
    if !g.knows(&id) {
        return Err(unknown(&id));
    }
    let all = g.neighbourhood(&id, depth);
    let total = all.links.len();
    let next = (cursor.saturating_add(limit) < total).then(|| (cursor + limit).to_string());
    let page = Neighbourhood {
        entity: all.entity,
        links: all.links.into_iter().skip(cursor).take(limit).collect(),
    };
    let mut resp = with_next(axum::Json(page).into_response(), next);
    resp.headers_mut()
        .insert("x-total-count", total.to_string().parse().expect("digits"));
    Ok(resp)
}

/// `GET /api/v1/entities/{id}/events?limit=`: the events that name a listed entity, newest
/// first, as `vigil events --format json` rows.
pub(crate) async fn events(
    Shared(state): Shared<Arc<State>>,
    axum::extract::Extension(store): crate::api::Snapshot,
    id: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
    Params(p): Params,
) -> Result<Response, ApiError> {
    let UrlPath(id) = id.map_err(|e| ApiError::param("id", e.body_text()))?;
    let limit = page_size(&p)?;
    let ix = state.lists.index(&state.config.data_dir)?;
    if ix.get(&id).is_none() {
        return Err(unknown(&id));
    }
    let batches = vigil_monitor::screening::events_naming(&store, &ix, &id, limit)
        .await
        .map_err(ApiError::internal)?;
    let rows = vigil_store::render::json_rows(&batches).map_err(ApiError::internal)?;
    Ok(axum::Json(rows).into_response())
}
