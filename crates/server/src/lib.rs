//! `vigil serve`: the HTTP JSON API over a data directory, built on the same library calls
//! the CLI makes, so an answer here is the CLI's `--format json` on the same store.
//!
//! Safety by default: it binds loopback; binding any other address needs a token, which
//! every request must then present as `Authorization: Bearer TOKEN` (compared in constant
//! time); a request whose `Host` is neither the bound address nor localhost is refused
//! (DNS rebinding); no CORS headers are sent; bodies are capped; lists have a default and
//! a maximum page size. Every response names the store's catalog revision in
//! `X-Vigil-Catalog`, so a figure can be cited and reproduced. Each request reads the
//! catalog as it is then, so commits made by `vigil ingest` or `watch --follow` while the
//! server runs appear without a restart.
//!
//! Each request reads the catalog once, when it arrives, and answers from it: a commit
//! made while it runs does not change its answer (and `X-Vigil-Catalog` names the
//! catalog it used).
//!
//! The OpenAPI document at `/api/v1/openapi.json` describes every endpoint; `/api/docs` is
//! a page that lists them and can call them, served from the binary. Modules: [`api`]
//! (routes, guard, parameters, errors, the store questions), `lists` (screening,
//! entities and links), `stream` (alerts as Server-Sent Events), `docs` (the page).

mod api;
mod cache;
mod desk;
mod docs;
mod lists;
mod stream;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use api::{OPENAPI, document, router};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data directory it answers from.
    pub data_dir: PathBuf,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The bearer token every request must carry; required off loopback.
    pub token: Option<String>,
    /// Largest request body, bytes.
    pub max_body: usize,
    /// How often the alert stream looks for new alerts.
    pub stream_poll: std::time::Duration,
    /// Where the store's queries run (`None`: in this process; a cluster otherwise).
    pub engine: Option<Arc<dyn vigil_store::Engine>>,
}

impl ServeConfig {
    /// Loopback port 8080, no token, 1 MiB bodies, the alert stream polled each second.
    pub fn new(data_dir: PathBuf) -> ServeConfig {
        ServeConfig {
            data_dir,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 1 << 20,
            stream_poll: std::time::Duration::from_secs(1),
            engine: None,
        }
    }
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Binding off loopback without a token.
    #[error(
        "{0} is not a loopback address: anyone who can reach it could read the store; give --token TOKEN (or VIGIL_TOKEN), or bind 127.0.0.1"
    )]
    NeedsToken(SocketAddr),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The query runtime could not be made.
    #[error("cannot start the query engine: {0}")]
    Runtime(String),
    /// The server stopped with an error.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// What the handlers share.
pub struct State {
    pub config: ServeConfig,
    /// The bound address (the port is known only after binding port 0).
    pub bound: SocketAddr,
    /// The sanctions index, rebuilt when the loaded lists change.
    lists: lists::Cached,
    /// The coder with vigil's own dictionaries, built on first use.
    coder: std::sync::OnceLock<vigil_coder::Coder>,
    /// Set when the server stops, so that open alert streams end.
    shutdown: tokio::sync::watch::Sender<bool>,
    /// One DataFusion runtime for every request, so Parquet footers are read once.
    runtime: vigil_store::SharedRuntime,
    /// Dyad reports kept per catalog revision and query.
    dyads: cache::Kept<Option<vigil_monitor::relations::DyadReport>>,
}

impl State {
    fn new(config: ServeConfig, bound: SocketAddr) -> Result<State, ServeError> {
        Ok(State {
            config,
            bound,
            lists: lists::Cached::default(),
            coder: std::sync::OnceLock::new(),
            shutdown: tokio::sync::watch::Sender::new(false),
            runtime: vigil_store::shared_runtime()
                .map_err(|e| ServeError::Runtime(e.to_string()))?,
            dyads: cache::Kept::new(256),
        })
    }
}

/// Checks the configuration, binds, and returns the listener and the shared state.
pub async fn bind(
    config: ServeConfig,
) -> Result<(tokio::net::TcpListener, Arc<State>), ServeError> {
    if !config.addr.ip().is_loopback() && config.token.as_deref().is_none_or(str::is_empty) {
        return Err(ServeError::NeedsToken(config.addr));
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let bound = listener.local_addr()?;
    Ok((listener, Arc::new(State::new(config, bound)?)))
}

/// Serves until the process is interrupted (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) -> Result<(), ServeError> {
    let app = router(state.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            state.shutdown.send_replace(true);
        })
        .await?;
    Ok(())
}
