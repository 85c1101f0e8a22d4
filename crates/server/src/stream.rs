//! `GET /api/v1/alerts/stream`: alerts as Server-Sent Events, as the alert log stores
//! them. Each event's id is the alert's change counter (`seq`); a client that reconnects
//! with `Last-Event-ID: N` (or `?last_event_id=N`) first receives every alert stored after
//! N, then new ones as they come. Without it, only alerts stored from now on are sent.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State as Shared;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use vigil_monitor::{Alert, AlertLog};

use crate::State;
use crate::api::{ApiError, MONITORS, Params, param};

/// Where the client is: the last change it saw.
fn last_seen(
    headers: &HeaderMap,
    p: &std::collections::HashMap<String, String>,
) -> Result<Option<u64>, ApiError> {
    let bad = |name: &str, v: &str| {
        ApiError::param(name, format!("{v:?} is not an event id this stream gave"))
    };
    if let Some(v) = headers.get("last-event-id") {
        let v = v
            .to_str()
            .map_err(|_| ApiError::param("Last-Event-ID", "is not text"))?;
        return v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| bad("Last-Event-ID", v));
    }
    param(p, "last_event_id")
        .map(|v| v.parse().map_err(|_| bad("last_event_id", v)))
        .transpose()
}

pub(crate) async fn alerts(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Params(p): Params,
) -> Result<impl IntoResponse, ApiError> {
    let last = last_seen(&headers, &p)?;
    let monitor = param(&p, "monitor").map(str::to_string);
    if let Some(m) = &monitor
        && !MONITORS.contains(&m.as_str())
    {
        return Err(ApiError::param(
            "monitor",
            format!("{m:?} is not one of {}", MONITORS.join(", ")),
        ));
    }
    let log = AlertLog::read(&state.config.data_dir).map_err(ApiError::internal)?;
    let start = last.unwrap_or_else(|| log.last_seq());
    let queue: VecDeque<Alert> = log.after(start).into_iter().cloned().collect();
    Ok(Sse::new(events(state, start, queue, monitor)).keep_alive(KeepAlive::default()))
}

/// The stream: what is queued, then a look at the log every poll interval, until the
/// server stops.
fn events(
    state: Arc<State>,
    seq: u64,
    queue: VecDeque<Alert>,
    monitor: Option<String>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let stop = state.shutdown.subscribe();
    futures_util::stream::unfold(
        (state, seq, queue, stop),
        move |(state, mut seq, mut queue, mut stop)| {
            let monitor = monitor.clone();
            async move {
                loop {
                    while let Some(a) = queue.pop_front() {
                        seq = seq.max(a.seq);
                        if monitor.as_deref().is_some_and(|m| !a.answers(m)) {
                            continue;
                        }
                        let event = Event::default()
                            .id(a.seq.to_string())
                            .event("alert")
                            .json_data(a.public_json())
                            .unwrap_or_else(|_| Event::default().comment("unserialisable alert"));
                        return Some((Ok(event), (state, seq, queue, stop)));
                    }
                    if *stop.borrow() {
                        return None;
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(state.config.stream_poll) => {}
                        _ = stop.changed() => return None,
                    }
                    // A log that cannot be read now (being replaced) is read next time.
                    if let Ok(log) = AlertLog::read(&state.config.data_dir) {
                        queue.extend(log.after(seq).into_iter().cloned());
                    }
                }
            }
        },
    )
}
